package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * The full P x P curvature Σ_n Σ_k (J_nᵀ v_nk)(J_nᵀ v_nk)ᵀ over the parameters of the given layers,
 * ordered layer by layer in the augmented layout [out, in + 1].
 *
 * <p>Several layers (or a convolution): each (n, k) gives one row of per-sample gradients,
 * concatenated over layers (vec M_nk with M_nk = Σ_t g_nkt ã_ntᵀ, for a Linear layer g ãᵀ), and the
 * matrix gains RᵀR. One Linear layer: its Jacobian is I ⊗ ãᵀ, so the per-sample output
 * curvature, split into a diagonal and rank-one terms, gives every block (o, o') as a product of
 * scaled copies of the inputs, computed for o' ≥ o and mirrored:
 * B·out²·(in+1)²/2 multiply-adds per rank-one term instead of B·K·out²·(in+1)².
 *
 * <p>Precision: each batch's products run in float32 once the layers hold at least
 * {@value #SINGLE_PRECISION_FROM} parameters (twice the speed of float64; the W1 last layer's
 * 2,570-parameter GGN over 55,000 images is 400 GFLOP), and are summed across batches in double. The
 * per-batch float32 sums carry a relative error of about 1e-6 (tested against the float64 products);
 * smaller curvatures, where time does not matter, stay in float64 throughout.
 */
public final class FullCurvature implements CurvatureAccumulator {
    /** The largest P kept as a dense matrix (P² doubles: 512 MB). */
    public static final int MAX_PARAMETERS = 8192;
    /** The smallest P whose per-batch products run in float32. */
    public static final int SINGLE_PRECISION_FROM = 1024;

    private final List<AffineLayer> layers;
    private final int size;
    private final double[] matrix;
    private boolean upperBlocksOnly; // the single-layer path accumulates blocks (o, o' ≥ o) only
    private final boolean singlePrecision;

    public FullCurvature(List<? extends AffineLayer> layers) {
        this(layers, SINGLE_PRECISION_FROM);
    }

    /** With the smallest P whose per-batch products run in float32 given (tests compare both). */
    FullCurvature(List<? extends AffineLayer> layers, int singlePrecisionFrom) {
        this.layers = List.copyOf(layers);
        int p = 0;
        for (AffineLayer l : layers) {
            p += l.size();
        }
        if (p > MAX_PARAMETERS) {
            throw new IllegalArgumentException("a full curvature needs at most " + MAX_PARAMETERS
                    + " parameters, found " + p + " (use the kron or diag structure)");
        }
        this.size = p;
        this.matrix = new double[p * p];
        this.singlePrecision = p >= singlePrecisionFrom;
    }

    @Override
    public void add(List<LayerTaps.Tap> taps) {
        if (taps.size() == 1 && taps.get(0).layer() instanceof LinearLayer) {
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

    /** The per-(k, b) gradient rows vec M_kb of one layer, [K·B, out·(in+1)]. */
    static NDArray jacobianRows(LayerTaps.Tap t) {
        return t.jacobians().reshape(-1, t.layer().size());
    }

    /**
     * One layer: with the per-sample output curvature split as G_b = diag(d_b) + Σ_k s_k u_bk u_bkᵀ
     * (the softmax GGN: d = p, one u = p with s = -1; the Gaussian GGN: d = 1/σ²; back-propagated or
     * empirical-Fisher taps: d = 0, u_k = g_k, s = +1), the block (o, o') of Σ_b G_b ⊗ ã_b ã_bᵀ is
     * δ_oo' Ãᵀ diag(d_o) Ã + Σ_k s_k (u_ko ⊙ Ã)ᵀ (u_ko' ⊙ Ã). The scaled copies Q_k = [u_ko ⊙ Ã]_o are
     * formed once per batch and the blocks o' ≥ o read from them.
     */
    private void addSingleLayer(LayerTaps.Tap t) {
        DataType type = singlePrecision ? DataType.FLOAT32 : DataType.FLOAT64;
        NDArray x = t.inputs().toType(type, false);
        long b = x.getShape().get(0);
        int out = t.layer().out();
        int in1 = t.layer().in() + 1;
        NDArray xt = x.transpose();
        if (t.hessian() != null) {
            NDArray d = t.hessian().diagonalPart().toType(type, false);
            for (int o = 0; o < out; o++) {
                long column = Math.min(o, d.getShape().get(1) - 1); // the Gaussian's one 1/σ² serves every output
                NDArray weighted = x.mul(d.get(":, " + column).reshape(b, 1));
                addBlocks(o, 1, Arrays64.toDoubles(xt.matMul(weighted)), in1, 1);
            }
            NDArray u = t.hessian().rankOneFactor();
            if (u != null) {
                addRankOne(x, u.toType(type, false), -1, out, in1);
            }
        } else {
            NDArray g = t.grads();
            for (int k = 0; k < g.getShape().get(0); k++) {
                addRankOne(x, g.get(k).toType(type, false), 1, out, in1);
            }
        }
    }

    /** Adds s Σ_b (u_b ⊗ ã_b)(u_b ⊗ ã_b)ᵀ, block rows o = 0..out-1, blocks o' ≥ o mirrored. */
    private void addRankOne(NDArray x, NDArray u, double sign, int out, int in1) {
        long b = x.getShape().get(0);
        NDArray q = u.reshape(b, out, 1).mul(x.reshape(b, 1, in1)).reshape(b, (long) out * in1);
        for (int o = 0; o < out; o++) {
            NDArray qo = q.get(":, " + (o * in1) + ":" + ((o + 1) * in1)).transpose();
            NDArray rest = q.get(":, " + (o * in1) + ":");
            addBlocks(o, out - o, Arrays64.toDoubles(qo.matMul(rest)), in1, sign);
        }
    }

    /**
     * Adds s·block, the blocks (o, o..o+count-1) as [in1, count·in1], along contiguous rows; the lower
     * blocks (o', o) are filled from them once, by {@link #matrix}.
     */
    private void addBlocks(int o, int count, double[] block, int in1, double sign) {
        int width = count * in1;
        for (int i = 0; i < in1; i++) {
            int row = (o * in1 + i) * size + o * in1;
            for (int c = 0; c < width; c++) {
                matrix[row + c] += sign * block[i * width + c];
            }
        }
        upperBlocksOnly = true;
    }

    /** Copies the blocks above the block diagonal of the single-layer layout into those below it. */
    private void mirrorUpperBlocks() {
        int in1 = layers.get(0).in() + 1;
        for (int r = 0; r < size; r++) {
            int firstAbove = (r / in1 + 1) * in1;
            for (int c = firstAbove; c < size; c++) {
                matrix[c * size + r] = matrix[r * size + c];
            }
        }
        upperBlocksOnly = false;
    }

    /** The symmetric P x P matrix, row-major. */
    @Override
    public List<double[]> sums() {
        return List.of(matrix().clone());
    }

    @Override
    public void addSums(List<double[]> other) {
        CurvatureAccumulator.addInto(List.of(matrix()), other);
    }

    public List<AffineLayer> layers() {
        return layers;
    }

    /** P. */
    public int size() {
        return size;
    }

    /** The matrix, row-major P x P (not a copy). */
    public double[] matrix() {
        if (upperBlocksOnly) {
            mirrorUpperBlocks();
        }
        return matrix;
    }
}
