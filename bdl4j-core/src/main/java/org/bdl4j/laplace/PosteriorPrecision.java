package org.bdl4j.laplace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Map;
import org.bdl4j.curvature.LayerTaps;
import org.bdl4j.math.Floats;

/**
 * The fitted curvature H of one {@link HessianStructure} (or of a subnetwork) and the posterior it
 * gives with a prior N(0, diag(λ)⁻¹): precision H + diag(λ), covariance Σ = (H + diag(λ))⁻¹ (each
 * structure's own approximation of those). The prior precisions come in groups, one λ_l per tapped
 * layer (Linear or Conv2d) repeated over that layer's P_l parameters (contiguous in the curvature's order); a
 * scalar prior is every λ_l equal. Owns native memory for its prediction-time arrays.
 *
 * <p>Implementations keep the curvature rounded to float32, as it is saved, so that a loaded
 * posterior computes exactly what the fitted one does.
 */
interface PosteriorPrecision extends AutoCloseable {

    /** The number of parameters P covered. */
    int size();

    /** P_l of each prior group, in the curvature's order (Σ_l P_l = P). */
    int[] groupSizes();

    /** log det(H + diag(λ)) in this structure, λ_l repeated over group l. */
    double logDet(double[] lambdas);

    /** log det(H + λI), a scalar prior (structures may have a faster route than {@link #logDet(double[])}). */
    default double logDet(double lambda) {
        double[] lambdas = new double[groupSizes().length];
        java.util.Arrays.fill(lambdas, lambda);
        return logDet(lambdas);
    }

    /**
     * {tr Σ, tr Σ²} with Σ = (H + λI)⁻¹ under a scalar prior: the λ-derivatives of the log-determinant,
     * d/dλ log det(H + λI) = tr Σ and d²/dλ² = -tr Σ², for a Newton search of the marginal likelihood.
     */
    double[] traceMoments(double lambda);

    /**
     * A cheap first guess of the λ maximising the evidence with ‖θ*‖² = {@code thetaSquaredNorm} in
     * [low, high], for structures whose evaluations are costly (NaN: none; the search then starts from
     * the MAP's λ).
     */
    default double evidenceStart(double thetaSquaredNorm, double low, double high) {
        return Double.NaN;
    }

    /** tr_l((H + diag(λ))⁻¹) for each group l: the trace of the covariance over that group's block. */
    double[] covarianceTraces(double[] lambdas);

    /** Sets λ: prepares Σ = (H + diag(λ))⁻¹ for {@link #logitCovariance} and {@link #sample}. */
    void setPriorPrecision(double[] lambdas);

    /**
     * The covariance of the linearised outputs, J Σ Jᵀ, for each row of a batch whose Jacobian taps
     * (cotangents e_1..e_C, or identity taps with null grads) are given: [B, C, C] float64 in the
     * taps' manager, or only its diagonal [B, C] when {@code diagonalOnly} (probit, bridge, regression).
     */
    NDArray logitCovariance(List<LayerTaps.Tap> jacobian, boolean diagonalOnly);

    /**
     * {@link #logitCovariance} at several scalar prior precisions λ_k at once, Σ_k = (H + λ_k I)⁻¹, for a
     * structure whose costly part of J Σ Jᵀ (the Jacobian's rotation into the curvature's eigenbasis)
     * does not depend on λ; null when it has no such route (then each λ is set and evaluated in turn).
     * Independent of, and leaving unchanged, the λ set by {@link #setPriorPrecision}. A validation grid
     * of 21 λ then costs one pass of Jacobians and rotations, not 21.
     */
    default Sweep sweep(double[] lambdas) {
        return null;
    }

    /** The prepared Σ_k of a {@link #sweep}; owns native arrays. */
    interface Sweep extends AutoCloseable {
        /** J Σ_k Jᵀ for each λ_k of the sweep, in its order, each as {@link #logitCovariance} returns it. */
        List<NDArray> logitCovariances(List<LayerTaps.Tap> jacobian, boolean diagonalOnly);

        @Override
        void close();
    }

    /**
     * A draw Δθ ~ N(0, (H + diag(λ))⁻¹) at the λ last set, over the P parameters in the curvature's order
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

    /**
     * Σ_r V_bcr V_bc'r w_r (or only c = c'), [B, C, C] or [B, C], for V [B, C, ...] and weights w of
     * V's trailing shape: J Σ Jᵀ of per-sample Jacobians that are not rank one (convolutions), in a
     * basis where Σ is diagonal with entries w. w (posterior-owned) is never a first operand.
     */
    static NDArray weightedInner(NDArray v, NDArray w, boolean diagonalOnly) {
        long b = v.getShape().get(0);
        long c = v.getShape().get(1);
        NDArray flat = v.reshape(b, c, -1); // one contiguous copy when v is a transposed view
        NDArray weighted = flat.reshape(v.getShape()).mul(w).reshape(b, c, -1);
        if (diagonalOnly) {
            return weighted.mul(flat).sum(new int[] {2});
        }
        return weighted.batchMatMul(flat.transpose(0, 2, 1));
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

    /** Whether every λ_l is the same (a scalar prior). */
    static boolean uniform(double[] lambdas) {
        for (double l : lambdas) {
            if (l != lambdas[0]) {
                return false;
            }
        }
        return true;
    }

    /** λ_l repeated over the P_l parameters of each group: the prior's diagonal. */
    static double[] perParameter(double[] lambdas, int[] groupSizes) {
        if (lambdas.length != groupSizes.length) {
            throw new IllegalArgumentException("need " + groupSizes.length + " prior precisions (one per layer), found "
                    + lambdas.length);
        }
        int p = 0;
        for (int n : groupSizes) {
            p += n;
        }
        double[] out = new double[p];
        int k = 0;
        for (int l = 0; l < groupSizes.length; l++) {
            for (int i = 0; i < groupSizes[l]; i++) {
                out[k++] = lambdas[l];
            }
        }
        return out;
    }

    /** Rounds a curvature array to float32 values in place (what {@link #arrays} saves) and returns it. */
    static double[] roundedToFloat(double[] a) {
        return Floats.roundToFloat(a);
    }

    /** {@link Floats#toFloats}. */
    static float[] toFloat(double[] a) {
        return Floats.toFloats(a);
    }

    /** {@link Floats#toDoubles}. */
    static double[] toDouble(float[] a) {
        return Floats.toDoubles(a);
    }
}
