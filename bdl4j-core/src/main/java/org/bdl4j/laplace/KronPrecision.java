package org.bdl4j.laplace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.KronCurvature;
import org.bdl4j.curvature.LayerTaps;
import org.bdl4j.linalg.Kronecker;
import org.bdl4j.linalg.SymmetricEigen;

/**
 * KFAC Laplace (Ritter et al. 2018; laplace-torch's {@code KronLaplace}). Per layer H_l ≈ G ⊗ A
 * (see {@link KronCurvature}); with G = Q_G diag(g) Q_Gᵀ and A = Q_A diag(a) Q_Aᵀ the posterior
 * precision is taken as
 *
 * <pre>
 *   (Q_G ⊗ Q_A) diag(g_i a_j + λ) (Q_G ⊗ Q_A)ᵀ  =  G ⊗ A + λ I,
 * </pre>
 *
 * exact for the Kronecker approximation (the approximation is H_l ≈ G ⊗ A itself, and the
 * block-diagonal structure across layers). The layers are separate blocks, so a prior precision λ_l
 * per layer is just as exact. Then log det = Σ_l Σ_ij log(g_i a_j + λ_l),
 * tr_l(Σ) = Σ_ij 1/(g_i a_j + λ_l) and, for Jacobian
 * rows vec(g_c ãᵀ), (J Σ Jᵀ)_{cc'} = Σ_i u_ci u_c'i w_i with u_c = Q_Gᵀ g_c, v = Q_Aᵀ ã and
 * w_i = Σ_j v_j² / (g_i a_j + λ): no P x P matrix, and for the last layer (g_c = e_c) the cost per
 * input is (in+1)² + C·out, cheap for 1,000 classes.
 *
 * <p>A convolution's per-sample Jacobian M_c = Σ_t g_ct ã_tᵀ is not one outer product; in the
 * eigenbases (Σ = (Q_G ⊗ Q_A) diag(1/(g_i a_j + λ)) (Q_G ⊗ Q_A)ᵀ and vec(Q_Gᵀ M Q_A) = (Q_G ⊗ Q_A)ᵀ vec M)
 *
 * <pre>
 *   (J Σ Jᵀ)_{cc'} = Σ_ij (Q_Gᵀ M_c Q_A)_ij (Q_Gᵀ M_c' Q_A)_ij / (g_i a_j + λ),
 * </pre>
 *
 * with the same clamp g_i a_j ≥ 0 as above.
 */
final class KronPrecision implements PosteriorPrecision {
    private final List<AffineLayer> layers;
    private final List<double[]> aFactors = new ArrayList<>();
    private final List<double[]> gFactors = new ArrayList<>();
    private final List<SymmetricEigen> aEigen = new ArrayList<>();
    private final List<SymmetricEigen> gEigen = new ArrayList<>();
    private final NDManager manager;
    private double[] lambdas;
    // per layer: Q_G, Q_A, 1/(g_i a_j + λ) as [j, i], (Q_G ∘ Q_G)ᵀ, Q_Gᵀ (transposes stored, so that no op
    // at prediction has a posterior-owned array as first operand)
    private final List<NDArray[]> prepared = new ArrayList<>();

    private KronPrecision(List<? extends AffineLayer> layers, List<double[]> a, List<double[]> g,
            NDManager manager) {
        this.layers = List.copyOf(layers);
        this.manager = manager;
        for (int l = 0; l < layers.size(); l++) {
            AffineLayer layer = layers.get(l);
            aFactors.add(PosteriorPrecision.roundedToFloat(a.get(l)));
            gFactors.add(PosteriorPrecision.roundedToFloat(g.get(l)));
            aEigen.add(SymmetricEigen.of(a.get(l), layer.in() + 1));
            gEigen.add(SymmetricEigen.of(g.get(l), layer.out()));
        }
    }

    static KronPrecision of(KronCurvature k, NDManager manager) {
        List<double[]> a = new ArrayList<>();
        List<double[]> g = new ArrayList<>();
        for (int l = 0; l < k.layers().size(); l++) {
            a.add(k.a(l));
            g.add(k.g(l));
        }
        return new KronPrecision(k.layers(), a, g, manager);
    }

    static KronPrecision load(List<? extends AffineLayer> layers, Function<String, float[]> arrays, NDManager manager) {
        List<double[]> a = new ArrayList<>();
        List<double[]> g = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            a.add(PosteriorPrecision.toDouble(arrays.apply("kron_a_" + l)));
            g.add(PosteriorPrecision.toDouble(arrays.apply("kron_g_" + l)));
        }
        return new KronPrecision(layers, a, g, manager);
    }

    @Override
    public int size() {
        int p = 0;
        for (AffineLayer l : layers) {
            p += l.size();
        }
        return p;
    }

    @Override
    public int[] groupSizes() {
        int[] out = new int[layers.size()];
        for (int l = 0; l < out.length; l++) {
            out[l] = layers.get(l).size();
        }
        return out;
    }

    @Override
    public double logDet(double[] lambdas) {
        double s = 0;
        for (int l = 0; l < layers.size(); l++) {
            s += Kronecker.logDetShifted(gEigen.get(l).values(), aEigen.get(l).values(), 1, lambdas[l]);
        }
        return s;
    }

    @Override
    public double[] traceMoments(double lambda) {
        double[] sum = new double[2];
        for (int l = 0; l < layers.size(); l++) {
            double[] t = Kronecker.inverseTracesShifted(gEigen.get(l).values(), aEigen.get(l).values(), lambda);
            sum[0] += t[0];
            sum[1] += t[1];
        }
        return sum;
    }

    @Override
    public double[] covarianceTraces(double[] lambdas) {
        double[] out = new double[layers.size()];
        for (int l = 0; l < out.length; l++) {
            double[] as = aEigen.get(l).values();
            for (double g : gEigen.get(l).values()) {
                for (double a : as) {
                    out[l] += 1 / (Math.max(g * a, 0) + lambdas[l]);
                }
            }
        }
        return out;
    }

    @Override
    public void setPriorPrecision(double[] lambdas) {
        close();
        this.lambdas = lambdas.clone();
        for (int l = 0; l < layers.size(); l++) {
            double lambda = lambdas[l];
            AffineLayer layer = layers.get(l);
            double[] g = gEigen.get(l).values();
            double[] a = aEigen.get(l).values();
            // stored transposed, [in+1, out], so that no op at prediction has it as first operand
            double[] inv = new double[a.length * g.length];
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < a.length; j++) {
                    inv[j * g.length + i] = 1 / (Math.max(g[i] * a[j], 0) + lambda);
                }
            }
            int in1 = layer.in() + 1;
            int out = layer.out();
            double[] q = gEigen.get(l).vectors();
            double[] qSquaredT = new double[q.length];
            double[] qT = new double[q.length];
            for (int c = 0; c < out; c++) {
                for (int i = 0; i < out; i++) {
                    qSquaredT[i * out + c] = q[c * out + i] * q[c * out + i];
                    qT[i * out + c] = q[c * out + i];
                }
            }
            prepared.add(new NDArray[] {
                manager.create(q, new Shape(out, out)),
                manager.create(aEigen.get(l).vectors(), new Shape(in1, in1)),
                manager.create(inv, new Shape(in1, out)),
                manager.create(qSquaredT, new Shape(out, out)),
                manager.create(qT, new Shape(out, out))});
        }
    }

    @Override
    public NDArray logitCovariance(List<LayerTaps.Tap> taps, boolean diagonalOnly) {
        List<LayerTaps.Tap> jacobian = PosteriorPrecision.inDouble(taps);
        NDArray sum = null;
        for (int l = 0; l < jacobian.size(); l++) {
            LayerTaps.Tap t = jacobian.get(l);
            NDArray[] p = prepared.get(l);
            if (t.layer().positions() > 1) { // (Q_Gᵀ M_c Q_A)ᵀ as [B, C, in+1, out], the layout of p[2]
                NDArray mqa = t.jacobians().transpose(1, 0, 2, 3).matMul(p[1]);
                NDArray rotated = mqa.transpose(0, 1, 3, 2).matMul(p[0]);
                sum = PosteriorPrecision.plus(sum, PosteriorPrecision.weightedInner(rotated, p[2], diagonalOnly));
                continue;
            }
            NDArray v = t.inputs().matMul(p[1]); // [B, in+1]
            NDArray w = v.square().matMul(p[2]); // [B, out]
            if (t.grads() == null) { // identity: u_c = row c of Q_G, the same for every input
                if (diagonalOnly) {
                    sum = PosteriorPrecision.plus(sum, w.matMul(p[3])); // Σ_i Q_G[c,i]² w_i
                } else {
                    long b = w.getShape().get(0);
                    int out = layers.get(l).out();
                    NDArray scaled = w.reshape(b, 1, out).mul(p[0]); // [b, c, i] = Q_G[c, i] w_bi
                    sum = PosteriorPrecision.plus(sum, scaled.matMul(p[4]));
                }
            } else {
                NDArray u = t.grads().transpose(1, 0, 2).matMul(p[0]); // [B, C, out]
                sum = PosteriorPrecision.plus(sum, PosteriorPrecision.weightedGram(u, w, diagonalOnly));
            }
        }
        return sum;
    }

    /** Per layer ΔW = Q_G (E ∘ (g_i a_j + λ)^{-1/2}) Q_Aᵀ with E i.i.d. N(0, 1), [out, in + 1]. */
    @Override
    public double[] sample(java.util.SplittableRandom rng) {
        double[] out = new double[size()];
        int off = 0;
        for (int l = 0; l < layers.size(); l++) {
            int m = layers.get(l).out();
            int n = layers.get(l).in() + 1;
            double[] g = gEigen.get(l).values();
            double[] a = aEigen.get(l).values();
            double[] qg = gEigen.get(l).vectors();
            double[] qa = aEigen.get(l).vectors();
            double lambda = lambdas[l];
            double[] e = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    e[i * n + j] = rng.nextGaussian() / Math.sqrt(Math.max(g[i] * a[j], 0) + lambda);
                }
            }
            double[] t = new double[m * n]; // Q_G E
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < m; k++) {
                    double q = qg[i * m + k];
                    for (int j = 0; j < n; j++) {
                        t[i * n + j] += q * e[k * n + j];
                    }
                }
            }
            for (int i = 0; i < m; i++) { // (Q_G E) Q_Aᵀ
                for (int j = 0; j < n; j++) {
                    double v = 0;
                    for (int k = 0; k < n; k++) {
                        v += t[i * n + k] * qa[j * n + k];
                    }
                    out[off + i * n + j] = v;
                }
            }
            off += m * n;
        }
        return out;
    }

    @Override
    public Map<String, float[]> arrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            out.put("kron_a_" + l, PosteriorPrecision.toFloat(aFactors.get(l)));
            out.put("kron_g_" + l, PosteriorPrecision.toFloat(gFactors.get(l)));
        }
        return out;
    }

    @Override
    public void close() {
        for (NDArray[] p : prepared) {
            for (NDArray a : p) {
                a.close();
            }
        }
        prepared.clear();
    }
}
