package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * The full P x P curvature Σ_n Σ_k (J_nᵀ v_nk)(J_nᵀ v_nk)ᵀ over the parameters of the given layers,
 * ordered layer by layer in the augmented layout [out, in + 1].
 *
 * <p>Several layers: each (n, k) gives one row of per-sample gradients, concatenated over layers
 * (vec(g ãᵀ)), and the matrix gains MᵀM. One layer: the block of outputs (o, o') is
 * Ãᵀ diag(Σ_k g_ko g_ko') Ã, computed for o' ≥ o and mirrored: B·out²·(in+1)²/2 instead of
 * B·K·out²·(in+1)².
 */
public final class FullCurvature implements CurvatureAccumulator {
    /** The largest P kept as a dense matrix (P² doubles: 512 MB). */
    public static final int MAX_PARAMETERS = 8192;

    private final List<LinearLayer> layers;
    private final int size;
    private final double[] matrix;

    public FullCurvature(List<LinearLayer> layers) {
        this.layers = List.copyOf(layers);
        int p = 0;
        for (LinearLayer l : layers) {
            p += l.size();
        }
        if (p > MAX_PARAMETERS) {
            throw new IllegalArgumentException("a full curvature needs at most " + MAX_PARAMETERS
                    + " parameters, found " + p + " (use the kron or diag structure)");
        }
        this.size = p;
        this.matrix = new double[p * p];
    }

    @Override
    public void add(List<LayerTaps.Tap> taps) {
        if (taps.size() == 1) {
            addSingleLayer(taps.get(0));
            return;
        }
        NDList parts = new NDList();
        for (LayerTaps.Tap t : taps) {
            parts.add(jacobianRows(t));
        }
        NDArray rows = NDArrays.concat(parts, 1);
        Arrays64.addInto(matrix, rows.transpose().matMul(rows));
    }

    /** The per-(k, b) gradient rows vec(g_kb ã_bᵀ) of one layer, [K·B, out·(in+1)]. */
    static NDArray jacobianRows(LayerTaps.Tap t) {
        NDArray g = t.grads();
        long k = g.getShape().get(0);
        long b = g.getShape().get(1);
        int out = t.layer().out();
        int in1 = t.layer().in() + 1;
        NDArray outer = g.reshape(k, b, out, 1).mul(t.inputs().reshape(1, b, 1, in1));
        return outer.reshape(k * b, (long) out * in1);
    }

    private void addSingleLayer(LayerTaps.Tap t) {
        NDArray x = t.inputs();
        long b = x.getShape().get(0);
        int out = t.layer().out();
        int in1 = t.layer().in() + 1;
        // per-sample output curvature G_b[o, o'] = Σ_k g_kbo g_kbo' (= Λ_b for the GGN)
        NDArray perSample;
        if (t.hessian() != null) {
            perSample = t.hessian().perSample();
        } else {
            NDArray g = t.grads();
            perSample = g.transpose(1, 2, 0).batchMatMul(g.transpose(1, 0, 2));
        }
        for (int o = 0; o < out; o++) {
            // blocks (o, o') for o' >= o only; (o', o) is the transpose
            int rest = out - o;
            NDArray w = perSample.get(":, " + o + ", " + o + ":").reshape(b, rest, 1);
            NDArray scaled = x.reshape(b, 1, in1).mul(w).reshape(b, (long) rest * in1);
            double[] block = Arrays64.toDoubles(x.transpose().matMul(scaled)); // [in1, rest·in1]
            int width = rest * in1;
            for (int i = 0; i < in1; i++) {
                int row = (o * in1 + i) * size + o * in1;
                for (int c = 0; c < width; c++) {
                    double v = block[i * width + c];
                    matrix[row + c] += v;
                    if (c >= in1) {
                        matrix[(o * in1 + c) * size + o * in1 + i] += v;
                    }
                }
            }
        }
    }

    public List<LinearLayer> layers() {
        return layers;
    }

    /** P. */
    public int size() {
        return size;
    }

    /** The matrix, row-major P x P (not a copy). */
    public double[] matrix() {
        return matrix;
    }
}
