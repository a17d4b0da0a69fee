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
import org.bdl4j.curvature.LayerTaps;

/**
 * Diagonal Laplace: Σ = diag(1/(h + λ)), λ_l over layer l: log det = Σ log(h_i + λ_l) and
 * tr_l(Σ) = Σ_{i ∈ l} 1/(h_i + λ_l). For a Linear layer's Jacobian rows vec(g_c ãᵀ),
 * (J Σ Jᵀ)_{cc'} = Σ_o g_co g_c'o w_o with w_o = Σ_i ã_i² / (h_oi + λ); for a convolution's
 * M_c = Σ_t g_ct ã_tᵀ, (J Σ Jᵀ)_{cc'} = Σ_{oi} M_c[o, i] M_c'[o, i] / (h_oi + λ).
 */
final class DiagPrecision implements PosteriorPrecision {
    private final List<AffineLayer> layers;
    private final List<double[]> diagonals;
    private final NDManager manager;
    private final List<NDArray> inverse = new ArrayList<>();
    private double[] lambdas;

    /** Takes over the diagonals (rounded to float32 in place). */
    DiagPrecision(List<? extends AffineLayer> layers, List<double[]> diagonals, NDManager manager) {
        this.layers = List.copyOf(layers);
        this.diagonals = List.copyOf(diagonals);
        this.diagonals.forEach(PosteriorPrecision::roundedToFloat);
        this.manager = manager;
    }

    static DiagPrecision of(List<? extends AffineLayer> layers, double[] concatenated, NDManager manager) {
        List<double[]> parts = new ArrayList<>();
        int off = 0;
        for (AffineLayer l : layers) {
            double[] d = new double[l.size()];
            System.arraycopy(concatenated, off, d, 0, d.length);
            parts.add(d);
            off += d.length;
        }
        return new DiagPrecision(layers, parts, manager);
    }

    static DiagPrecision load(List<? extends AffineLayer> layers, Function<String, float[]> arrays, NDManager manager) {
        List<double[]> parts = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            parts.add(PosteriorPrecision.toDouble(arrays.apply("diag_" + l)));
        }
        return new DiagPrecision(layers, parts, manager);
    }

    @Override
    public int size() {
        int p = 0;
        for (double[] d : diagonals) {
            p += d.length;
        }
        return p;
    }

    @Override
    public int[] groupSizes() {
        int[] out = new int[diagonals.size()];
        for (int l = 0; l < out.length; l++) {
            out[l] = diagonals.get(l).length;
        }
        return out;
    }

    @Override
    public double logDet(double[] lambdas) {
        double s = 0;
        for (int l = 0; l < diagonals.size(); l++) {
            for (double v : diagonals.get(l)) {
                s += Math.log(v + lambdas[l]);
            }
        }
        return s;
    }

    @Override
    public double[] traceMoments(double lambda) {
        double[] sum = new double[2];
        for (double[] d : diagonals) {
            double[] t = PosteriorPrecision.inverseTraces(d, lambda);
            sum[0] += t[0];
            sum[1] += t[1];
        }
        return sum;
    }

    @Override
    public double[] covarianceTraces(double[] lambdas) {
        double[] out = new double[diagonals.size()];
        for (int l = 0; l < out.length; l++) {
            for (double v : diagonals.get(l)) {
                out[l] += 1 / (v + lambdas[l]);
            }
        }
        return out;
    }

    @Override
    public void setPriorPrecision(double[] lambdas) {
        this.lambdas = lambdas.clone();
        inverse.forEach(NDArray::close);
        inverse.clear();
        inverse.addAll(inverses(lambdas, manager));
    }

    /** Per layer 1/(h + λ_l) as [in+1, out] (transposed, never a first operand), in {@code m}. */
    private List<NDArray> inverses(double[] lambdas, NDManager m) {
        List<NDArray> out = new ArrayList<>(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            double[] d = diagonals.get(l);
            AffineLayer layer = layers.get(l);
            int in1 = layer.in() + 1;
            double[] inv = new double[d.length];
            for (int o = 0; o < layer.out(); o++) {
                for (int i = 0; i < in1; i++) {
                    inv[i * layer.out() + o] = 1 / (d[o * in1 + i] + lambdas[l]);
                }
            }
            out.add(m.create(inv, new Shape(in1, layer.out())));
        }
        return out;
    }

    @Override
    public NDArray logitCovariance(List<LayerTaps.Tap> taps, boolean diagonalOnly) {
        return logitCovariances(taps, diagonalOnly, List.of(inverse), null).get(0);
    }

    @Override
    public Sweep sweep(double[] lambdas) {
        return new LambdaSweep(manager, lambdas, layers.size(), this::inverses, this::logitCovariances);
    }

    /** J Σ_k Jᵀ for each set of per-layer inverses 1/(h + λ_k); the Jacobian is prepared once. */
    private List<NDArray> logitCovariances(List<LayerTaps.Tap> taps, boolean diagonalOnly,
            List<List<NDArray>> inversesPerLambda, List<NDArray> stacked) {
        List<LayerTaps.Tap> jacobian = PosteriorPrecision.inDouble(taps);
        NDArray[] sums = new NDArray[inversesPerLambda.size()];
        for (int l = 0; l < jacobian.size(); l++) {
            LayerTaps.Tap t = jacobian.get(l);
            if (t.layer().positions() > 1) { // M_c [C, B, out, in+1] as [B, C, in+1, out], the inverse's layout
                NDArray m = t.jacobians().transpose(1, 0, 3, 2);
                List<NDArray> parts = LambdaSweep.weightedInners(m, LambdaSweep.layer(inversesPerLambda, l),
                        stacked == null ? null : stacked.get(l), diagonalOnly);
                for (int k = 0; k < sums.length; k++) {
                    sums[k] = PosteriorPrecision.plus(sums[k], parts.get(k));
                }
                continue;
            }
            NDArray xSquared = t.inputs().square();
            NDArray g = t.grads() == null ? null : t.grads().transpose(1, 0, 2);
            for (int k = 0; k < sums.length; k++) {
                NDArray w = xSquared.matMul(inversesPerLambda.get(k).get(l)); // [B, out]
                sums[k] = PosteriorPrecision.plus(sums[k], g != null
                        ? PosteriorPrecision.weightedGram(g, w, diagonalOnly) : identityTap(w, diagonalOnly));
            }
        }
        return List.of(sums);
    }

    /** An identity tap: J Σ Jᵀ = diag(w). */
    private static NDArray identityTap(NDArray w, boolean diagonalOnly) {
        if (diagonalOnly) {
            return w;
        }
        long b = w.getShape().get(0);
        long c = w.getShape().get(1);
        return w.reshape(b, c, 1).mul(w.getManager().eye((int) c, (int) c, 0, w.getDataType()));
    }

    @Override
    public double[] sample(java.util.SplittableRandom rng) {
        double[] out = new double[size()];
        int k = 0;
        for (int l = 0; l < diagonals.size(); l++) {
            for (double v : diagonals.get(l)) {
                out[k++] = rng.nextGaussian() / Math.sqrt(v + lambdas[l]);
            }
        }
        return out;
    }

    @Override
    public Map<String, float[]> arrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int l = 0; l < diagonals.size(); l++) {
            out.put("diag_" + l, PosteriorPrecision.toFloat(diagonals.get(l)));
        }
        return out;
    }

    @Override
    public void close() {
        inverse.forEach(NDArray::close);
        inverse.clear();
    }
}
