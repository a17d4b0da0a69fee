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
    // per layer, independent of λ: Q_G, Q_A, (Q_G ∘ Q_G)ᵀ, Q_Gᵀ (transposes stored, so that no op at
    // prediction has a posterior-owned array as first operand); uploaded with the first λ, kept until close
    private final List<NDArray[]> bases = new ArrayList<>();
    // per layer at the λ set: 1/(g_i a_j + λ) as [j, i]
    private final List<NDArray> inverses = new ArrayList<>();

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
        closeAll(inverses);
        this.lambdas = lambdas.clone();
        bases(); // uploaded with the first λ, so that predicting allocates nothing that outlives it
        inverses.addAll(inverses(lambdas, manager));
    }

    /** Per layer 1/(g_i a_j + λ_l) as [in+1, out] (transposed, never a first operand), in {@code m}. */
    private List<NDArray> inverses(double[] lambdas, NDManager m) {
        List<NDArray> out = new ArrayList<>(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            double[] g = gEigen.get(l).values();
            double[] a = aEigen.get(l).values();
            double[] inv = new double[a.length * g.length];
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < a.length; j++) {
                    inv[j * g.length + i] = 1 / (Math.max(g[i] * a[j], 0) + lambdas[l]);
                }
            }
            out.add(m.create(inv, new Shape(a.length, g.length)));
        }
        return out;
    }

    /** The λ-independent eigenbases of every layer, uploaded once. */
    private List<NDArray[]> bases() {
        if (bases.isEmpty()) {
            for (int l = 0; l < layers.size(); l++) {
                int in1 = layers.get(l).in() + 1;
                int out = layers.get(l).out();
                double[] q = gEigen.get(l).vectors();
                double[] qSquaredT = new double[q.length];
                double[] qT = new double[q.length];
                for (int c = 0; c < out; c++) {
                    for (int i = 0; i < out; i++) {
                        qSquaredT[i * out + c] = q[c * out + i] * q[c * out + i];
                        qT[i * out + c] = q[c * out + i];
                    }
                }
                bases.add(new NDArray[] {
                    manager.create(q, new Shape(out, out)),
                    manager.create(aEigen.get(l).vectors(), new Shape(in1, in1)),
                    manager.create(qSquaredT, new Shape(out, out)),
                    manager.create(qT, new Shape(out, out))});
            }
        }
        return bases;
    }

    @Override
    public NDArray logitCovariance(List<LayerTaps.Tap> taps, boolean diagonalOnly) {
        return logitCovariances(taps, diagonalOnly, List.of(inverses), null).get(0);
    }

    @Override
    public Sweep sweep(double[] lambdas) {
        return new LambdaSweep(manager, lambdas, layers.size(), this::inverses, this::logitCovariances);
    }

    /**
     * J Σ_k Jᵀ for each set of per-layer inverses 1/(g_i a_j + λ_k): the Jacobian is rotated into the
     * eigenbases once, and only the weighting is repeated per λ_k.
     */
    private List<NDArray> logitCovariances(List<LayerTaps.Tap> taps, boolean diagonalOnly,
            List<List<NDArray>> inversesPerLambda, List<NDArray> stacked) {
        List<LayerTaps.Tap> jacobian = PosteriorPrecision.inDouble(taps);
        List<NDArray[]> basis = bases();
        NDArray[] sums = new NDArray[inversesPerLambda.size()];
        for (int l = 0; l < jacobian.size(); l++) {
            LayerTaps.Tap t = jacobian.get(l);
            NDArray[] q = basis.get(l);
            if (t.layer().positions() > 1) { // (Q_Gᵀ M_c Q_A)ᵀ as [B, C, in+1, out], the layout of the inverses
                NDArray rotated = rotatedJacobians(t, q);
                List<NDArray> parts = LambdaSweep.weightedInners(rotated, LambdaSweep.layer(inversesPerLambda, l),
                        stacked == null ? null : stacked.get(l), diagonalOnly);
                for (int k = 0; k < sums.length; k++) {
                    sums[k] = PosteriorPrecision.plus(sums[k], parts.get(k));
                }
                continue;
            }
            NDArray vSquared = t.inputs().matMul(q[1]).square(); // v = Q_Aᵀ ã, [B, in+1]
            NDArray u = t.grads() == null ? null : t.grads().transpose(1, 0, 2).matMul(q[0]); // [B, C, out]
            for (int k = 0; k < sums.length; k++) {
                NDArray w = vSquared.matMul(inversesPerLambda.get(k).get(l)); // [B, out]
                sums[k] = PosteriorPrecision.plus(sums[k], u != null
                        ? PosteriorPrecision.weightedGram(u, w, diagonalOnly) : identityTap(w, q, diagonalOnly));
            }
        }
        return List.of(sums);
    }

    /**
     * A convolution's per-sample Jacobians in the eigenbases, (Q_Gᵀ M_c Q_A)ᵀ as [B, C, in+1, out], by
     * the cheaper of two orders (multiply-adds a row, T positions, C cotangents): forming M_c = Σ_t g_ct
     * ã_tᵀ and rotating it, C·out·(in+1)·(in+1 + out) beyond forming; or rotating the factors first,
     * Q_Gᵀ M_c Q_A = Σ_t (Q_Gᵀ g_ct)(Q_Aᵀ ã_t)ᵀ, T·((in+1)² + C·out²) beyond forming. Uncertainty-baselines'
     * third LeNet-5 convolution (T = 49, in+1 = 401, out = 120, C = 10) costs 15 million against 251
     * million; a first convolution over many positions and few channels goes the other way.
     */
    private static NDArray rotatedJacobians(LayerTaps.Tap t, NDArray[] q) {
        AffineLayer layer = t.layer();
        double in1 = layer.in() + 1.0;
        double out = layer.out();
        double c = t.grads().getShape().get(0);
        double formedFirst = c * out * in1 * (in1 + out);
        double factorsFirst = layer.positions() * (in1 * in1 + c * out * out);
        if (factorsFirst < formedFirst) {
            NDArray inputs = t.inputs().matMul(q[1]); // [B, T, in+1]: rows (Q_Aᵀ ã_t)ᵀ
            NDArray grads = t.grads().matMul(q[0]); // [C, B, T, out]: rows (Q_Gᵀ g_ct)ᵀ
            return layer.perSampleJacobians(inputs, grads).transpose(1, 0, 3, 2);
        }
        NDArray mqa = t.jacobians().transpose(1, 0, 2, 3).matMul(q[1]);
        return mqa.transpose(0, 1, 3, 2).matMul(q[0]);
    }

    /** An identity tap (g_c = e_c): u_c = row c of Q_G, the same for every input. */
    private static NDArray identityTap(NDArray w, NDArray[] q, boolean diagonalOnly) {
        if (diagonalOnly) {
            return w.matMul(q[2]); // Σ_i Q_G[c,i]² w_i
        }
        long b = w.getShape().get(0);
        long out = w.getShape().get(1);
        return w.reshape(b, 1, out).mul(q[0]).matMul(q[3]); // [b, c, i] = Q_G[c, i] w_bi, then Σ_i · Q_G[c', i]
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
        closeAll(inverses);
        for (NDArray[] b : bases) {
            for (NDArray a : b) {
                a.close();
            }
        }
        bases.clear();
    }

    private static void closeAll(List<NDArray> arrays) {
        arrays.forEach(NDArray::close);
        arrays.clear();
    }
}
