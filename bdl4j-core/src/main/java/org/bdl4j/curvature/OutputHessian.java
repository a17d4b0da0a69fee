package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.bdl4j.Likelihood;

/**
 * The per-sample loss Hessians Λ_b = ∂²(-log p(y_b | f_b))/∂f_b² of a batch, in the reduced forms the
 * structures need. For the last layer alone, whose Jacobian is I_C ⊗ ãᵀ, the GGN needs nothing else:
 * KFAC takes Σ_b Λ_b, diag takes the diagonals, full takes the split Λ_b = diag(d_b) - u_b u_bᵀ. This
 * avoids the C square-root columns (C x B x C) and makes the last-layer GGN O(B·C²) per batch (e.g.
 * 1,000 classes).
 *
 * <ul>
 *   <li>softmax cross-entropy: Λ_b = diag(p_b) - p_b p_bᵀ;
 *   <li>Gaussian N(f, σ²): Λ_b = 1/σ².
 * </ul>
 */
public final class OutputHessian {
    private final Likelihood likelihood;
    private final NDArray p; // [B, C] softmax, categorical
    private final double sigma;
    private final long rows;

    private OutputHessian(Likelihood likelihood, NDArray p, double sigma, long rows) {
        this.likelihood = likelihood;
        this.p = p;
        this.sigma = sigma;
        this.rows = rows;
    }

    /** The Hessians at outputs f [B, C] (float64). */
    public static OutputHessian at(Likelihood likelihood, double sigma, NDArray f) {
        OutputCotangents.check(likelihood, sigma);
        long b = f.getShape().get(0);
        return likelihood == Likelihood.CATEGORICAL ? new OutputHessian(likelihood, f.softmax(1), sigma, b)
                : new OutputHessian(likelihood, f, sigma, b);
    }

    /** Σ_b Λ_b, [C, C]: diag(Σ_b p_b) - Pᵀ P, or B/σ². */
    public NDArray sum() {
        if (likelihood == Likelihood.GAUSSIAN) {
            return p.getManager().ones(new Shape(1, 1), DataType.FLOAT64).mul(p.getManager().create(rows / (sigma
                    * sigma)));
        }
        long c = p.getShape().get(1);
        NDArray eye = p.getManager().eye((int) c, (int) c, 0, DataType.FLOAT64);
        return p.sum(new int[] {0}).reshape(1, c).mul(eye).sub(p.transpose().matMul(p));
    }

    /** The diagonals of Λ_b, [B, C]: p - p², or 1/σ². */
    public NDArray diagonals() {
        if (likelihood == Likelihood.GAUSSIAN) {
            return p.getManager().ones(new Shape(rows, 1), DataType.FLOAT64).mul(p.getManager().create(1 / (sigma
                    * sigma)));
        }
        return p.sub(p.square());
    }

    /**
     * d in the split Λ_b = diag(d_b) - u_b u_bᵀ ({@link #rankOneFactor} u): p for the softmax, [B, C];
     * 1/σ² for the Gaussian, [B, 1].
     */
    public NDArray diagonalPart() {
        return likelihood == Likelihood.CATEGORICAL ? p : diagonals();
    }

    /** u in the split Λ_b = diag(d_b) - u_b u_bᵀ: p for the softmax, [B, C]; null for the Gaussian. */
    public NDArray rankOneFactor() {
        return likelihood == Likelihood.CATEGORICAL ? p : null;
    }

    /**
     * The columns v_k of a square root, Λ_b = Σ_k v_bk v_bkᵀ, as [K, B, C]: softmax
     * v_k = √p_k (e_k - p) (K = C), Gaussian 1/σ (K = 1). These are the GGN cotangents of
     * {@link OutputCotangents#ggn}; for the last layer (g = v) they are its per-sample gradients.
     */
    public NDArray squareRoot() {
        NDManager m = p.getManager();
        if (likelihood == Likelihood.GAUSSIAN) {
            return m.ones(new Shape(1, rows, 1), DataType.FLOAT64).mul(m.create(1 / sigma));
        }
        int c = Math.toIntExact(p.getShape().get(1));
        NDArray eye = m.eye(c, c, 0, DataType.FLOAT64).reshape(c, 1, c);
        NDArray diff = eye.sub(p.reshape(1, rows, c));
        return diff.mul(p.sqrt().transpose().reshape(c, rows, 1));
    }
}
