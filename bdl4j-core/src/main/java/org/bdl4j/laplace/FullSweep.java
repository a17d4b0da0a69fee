package org.bdl4j.laplace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;
import org.bdl4j.curvature.LayerTaps;
import org.bdl4j.curvature.LinearLayer;
import org.bdl4j.linalg.SymmetricEigen;

/**
 * The full structure's covariances at many scalar prior precisions from one eigendecomposition of the
 * curvature, H = Q diag(e) Qᵀ: Σ_k = (H + λ_k I)⁻¹ = Q diag(1/(e + λ_k)) Qᵀ, so each row's Jacobian is
 * rotated once, R = J Q, and J Σ_k Jᵀ = R diag(1/(e + λ_k)) Rᵀ is a weighted inner product per λ_k
 * ({@link LambdaSweep#weightedInners}), the route KFAC's sweep takes in its Kronecker eigenbasis. The
 * eigenvalues are used as they are, not clamped at 0, so that Σ_k is the inverse that the λ-by-λ route
 * forms. Where H + λI is nearly singular (λ comparable to the round-off negative eigenvalues of the
 * float32-summed H, about 1e-7 of its norm) neither route is accurate and they differ: on W1's last layer
 * (P = 2,570, 5,000 validation images) rows differed by up to 0.9 nats at λ = 1e-4 and 2.5e-4, by at most
 * 2e-5 from λ = 6e-4 on, and by 1e-9 from λ = 1. For one whole Linear layer the Jacobian g ⊗ ãᵀ is not
 * formed: R = g (ãᵀ Q_o)_o with Q_o the rows of output o.
 */
final class FullSweep implements PosteriorPrecision.Sweep {
    private final LaplaceWeights weights;
    private final double[] values;
    private final NDManager manager;
    private final NDArray vectors; // Q [P, P], or for one whole Linear layer Q rearranged to [in+1, out·P]
    private final LambdaSweep sweep;

    /**
     * Decomposes {@code curvature} (P x P, row-major) and weighs its eigenbasis for each of {@code lambdas};
     * everything lives in a sub-manager of {@code parent}, released by {@link #close}.
     */
    FullSweep(LaplaceWeights weights, double[] curvature, int size, NDManager parent, double[] lambdas) {
        this.weights = weights;
        SymmetricEigen eigen = SymmetricEigen.of(curvature, size);
        this.values = eigen.values();
        this.manager = parent.newSubManager();
        NDArray q = manager.create(eigen.vectors(), new Shape(size, size));
        Optional<LinearLayer> whole = weights.wholeLinearLayer();
        if (whole.isPresent()) {
            LinearLayer l = whole.get();
            int in1 = l.in() + 1;
            this.vectors = q.reshape(l.out(), in1, size).transpose(1, 0, 2).reshape(in1, (long) l.out() * size);
            q.close();
        } else {
            this.vectors = q;
        }
        this.sweep = new LambdaSweep(manager, lambdas, 1, this::weightsAt, this::covariances);
    }

    @Override
    public List<NDArray> logitCovariances(List<LayerTaps.Tap> jacobian, boolean diagonalOnly) {
        return sweep.logitCovariances(jacobian, diagonalOnly);
    }

    /** 1/(e + λ) over the eigenbasis, float64 [P]. */
    private List<NDArray> weightsAt(double[] uniform, NDManager m) {
        double[] w = new double[values.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1.0 / (values[i] + uniform[0]);
        }
        return List.of(m.create(w));
    }

    private List<NDArray> covariances(List<LayerTaps.Tap> taps, boolean diagonalOnly, List<List<NDArray>> perLambda,
            List<NDArray> stacked) {
        return LambdaSweep.weightedInners(rotated(PosteriorPrecision.inDouble(taps)), LambdaSweep.layer(perLambda, 0),
                stacked == null ? null : stacked.get(0), diagonalOnly);
    }

    /** R = J Q, [B, C, P]. */
    private NDArray rotated(List<LayerTaps.Tap> jacobian) {
        int size = values.length;
        Optional<LinearLayer> whole = weights.wholeLinearLayer();
        if (whole.isPresent()) {
            LayerTaps.Tap t = jacobian.get(0);
            long b = t.inputs().getShape().get(0);
            NDArray y = t.inputs().matMul(vectors).reshape(b, whole.get().out(), size); // ãᵀ Q_o for each o
            return t.grads() == null ? y : t.grads().transpose(1, 0, 2).batchMatMul(y);
        }
        NDArray j = weights.jacobian(jacobian); // [B, C, P]
        long b = j.getShape().get(0);
        long c = j.getShape().get(1);
        return j.reshape(b * c, size).matMul(vectors).reshape(b, c, size);
    }

    /** Releases the eigenbasis and the weights (the sweep's sub-manager with them). */
    @Override
    public void close() {
        manager.close();
    }
}
