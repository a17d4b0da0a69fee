package org.bdl4j.laplace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.bdl4j.curvature.LayerTaps;

/**
 * The {@link PosteriorPrecision.Sweep} of a structure whose Σ_k = (H + λ_k I)⁻¹ is diagonal in a
 * λ-independent basis (KFAC's eigenbases, the full structure's eigenvectors in {@link FullSweep}, diag's
 * own): per layer the weights w_k of each λ_k as the layer's [in+1, out] array (the full structure: one
 * [P] array), and the same stacked as one [K, L] matrix (K = (in+1)·out, L λ's) so that
 * the convolutions' J Σ_k Jᵀ come from one product for all λ_k ({@link #weightedInners}).
 */
final class LambdaSweep implements PosteriorPrecision.Sweep {
    /** A structure's J Σ_k Jᵀ for the weights of every λ_k (and their stacked form, or null). */
    @FunctionalInterface
    interface Covariances {
        List<NDArray> of(List<LayerTaps.Tap> taps, boolean diagonalOnly, List<List<NDArray>> perLambda,
                List<NDArray> stacked);
    }

    private final NDManager manager;
    private final List<List<NDArray>> perLambda;
    private final List<NDArray> stacked;
    private final Covariances covariances;

    /**
     * @param weights the per-layer weight arrays of the given per-layer λ, created in the given manager
     */
    LambdaSweep(NDManager parent, double[] lambdas, int layers, BiFunction<double[], NDManager, List<NDArray>> weights,
            Covariances covariances) {
        this.manager = parent.newSubManager();
        this.covariances = covariances;
        this.perLambda = new ArrayList<>(lambdas.length);
        for (double lambda : lambdas) {
            double[] uniform = new double[layers];
            Arrays.fill(uniform, lambda);
            perLambda.add(weights.apply(uniform, manager));
        }
        this.stacked = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            NDList columns = new NDList();
            for (List<NDArray> w : perLambda) {
                columns.add(w.get(l).reshape(-1));
            }
            stacked.add(NDArrays.stack(columns, 1));
        }
    }

    @Override
    public List<NDArray> logitCovariances(List<LayerTaps.Tap> jacobian, boolean diagonalOnly) {
        return covariances.of(jacobian, diagonalOnly, perLambda, stacked);
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Layer l's weight array of each λ. */
    static List<NDArray> layer(List<List<NDArray>> perLambda, int l) {
        List<NDArray> out = new ArrayList<>(perLambda.size());
        perLambda.forEach(w -> out.add(w.get(l)));
        return out;
    }

    /**
     * Σ_r V_bcr V_bc'r w_kr (or only c = c') for every λ_k, each [B, C, C] or [B, C], for V [B, C, ...]
     * and weights of V's trailing shape ({@link PosteriorPrecision#weightedInner}). With the weights
     * stacked as W [K, L]: the variances are (V ∘ V) W, one product for all λ_k; the covariances are
     * (V_c ∘ V_c') W for each c, which writes C²K values a row once where λ by λ writes and reads about
     * 3CK per λ, so it is taken when 3L &gt; 2C. The weights (posterior-owned) are never a first operand.
     *
     * @param stacked W, or null to go λ by λ
     */
    static List<NDArray> weightedInners(NDArray v, List<NDArray> perLambda, NDArray stacked, boolean diagonalOnly) {
        long b = v.getShape().get(0);
        long c = v.getShape().get(1);
        int lambdas = perLambda.size();
        List<NDArray> out = new ArrayList<>(lambdas);
        if (stacked == null || (!diagonalOnly && 3L * lambdas <= 2 * c)) {
            for (NDArray w : perLambda) {
                out.add(PosteriorPrecision.weightedInner(v, w, diagonalOnly));
            }
            return out;
        }
        NDArray flat = v.reshape(b, c, -1);
        NDArray all;
        if (diagonalOnly) {
            all = flat.square().reshape(b * c, -1).matMul(stacked).reshape(b, c, lambdas);
        } else {
            NDList rows = new NDList();
            for (long i = 0; i < c; i++) {
                // V_c ∘ V_c' for every c', [B·C, K] x [K, L]; released at once (C of them would fill the batch)
                try (NDArray row = flat.get(":, " + i + ":" + (i + 1) + ", :"); NDArray pairs = row.mul(flat);
                        NDArray pairRows = pairs.reshape(b * c, -1)) {
                    rows.add(pairRows.matMul(stacked).reshape(b, 1, c, lambdas));
                }
            }
            all = NDArrays.concat(rows, 1); // [B, C, C, L]
        }
        for (int k = 0; k < lambdas; k++) {
            out.add(all.get("..., " + k));
        }
        return out;
    }
}
