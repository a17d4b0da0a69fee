package org.bdl4j.laplace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Map;
import org.bdl4j.curvature.LayerTaps;

/**
 * The fitted curvature H of one {@link HessianStructure} and the posterior it gives with a prior
 * precision λ: precision H + λI, covariance Σ = (H + λI)⁻¹ (each structure's own approximation of
 * those). Owns native memory for its prediction-time arrays.
 */
interface PosteriorPrecision extends AutoCloseable {

    /** The number of parameters P covered. */
    int size();

    /** log det(H + λI) in this structure. */
    double logDet(double lambda);

    /**
     * The derivatives of {@link #logDet} in λ as traces of the covariance: {t₁, t₂} with
     * t_k = tr (H + λI)⁻ᵏ, so that d/dλ log det(H + λI) = t₁ and d²/dλ² = -t₂.
     */
    double[] covarianceTraces(double lambda);

    /** Sets λ: prepares Σ = (H + λI)⁻¹ for {@link #logitCovariance}. */
    void setPriorPrecision(double lambda);

    /**
     * The covariance of the linearised outputs, J Σ Jᵀ, for each row of a batch whose Jacobian taps
     * (cotangents e_1..e_C, or identity taps with null grads) are given: [B, C, C] float64 in the
     * taps' manager, or only its diagonal [B, C] when {@code diagonalOnly} (probit, bridge, regression).
     */
    NDArray logitCovariance(List<LayerTaps.Tap> jacobian, boolean diagonalOnly);

    /**
     * A draw Δθ ~ N(0, (H + λI)⁻¹) at the λ last set, over the P parameters in the curvature's order
     * (layers in turn, each in the augmented layout [out, in + 1]).
     */
    double[] sample(java.util.SplittableRandom rng);

    /** The curvature as named float arrays, to save ({@link #load} in each structure reads them back). */
    Map<String, float[]> arrays();

    @Override
    void close();

    /**
     * U_b diag(w_b) U_bᵀ (or its diagonal Σ_k U_bck² w_bk) with U [B, C, K] and w [B, K]: the form
     * shared by diag and KFAC.
     */
    static NDArray weightedGram(NDArray u, NDArray w, boolean diagonalOnly) {
        long b = u.getShape().get(0);
        long k = u.getShape().get(2);
        if (diagonalOnly) {
            return u.square().mul(w.reshape(b, 1, k)).sum(new int[] {2});
        }
        return u.mul(w.reshape(b, 1, k)).batchMatMul(u.transpose(0, 2, 1));
    }

    /**
     * {t₁, t₂} = {Σ_i 1/(e_i + λ), Σ_i 1/(e_i + λ)²} for the eigenvalues e (negative round-off clipped
     * to 0, as in the log-determinants): the covariance traces of a structure with a known spectrum.
     */
    static double[] inverseTraces(double[] eigenvalues, double lambda) {
        double t1 = 0;
        double t2 = 0;
        for (double e : eigenvalues) {
            double inv = 1 / (Math.max(e, 0) + lambda);
            t1 += inv;
            t2 += inv * inv;
        }
        return new double[] {t1, t2};
    }

    /** Adds two per-batch results, either may be null. */
    static NDArray plus(NDArray sum, NDArray part) {
        return sum == null ? part : sum.add(part);
    }

    /** The taps with float64 arrays (the posterior's arrays are float64). */
    static List<LayerTaps.Tap> inDouble(List<LayerTaps.Tap> taps) {
        List<LayerTaps.Tap> out = new java.util.ArrayList<>(taps.size());
        for (LayerTaps.Tap t : taps) {
            out.add(new LayerTaps.Tap(t.layer(), t.inputs().toType(DataType.FLOAT64, false),
                    t.grads() == null ? null : t.grads().toType(DataType.FLOAT64, false)));
        }
        return out;
    }

    static float[] toFloat(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    static double[] toDouble(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
