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
 * matrix gains RᵀR. One Linear layer: its Jacobian is I ⊗ ãᵀ, so with the per-sample output
 * curvature G_b every block (o, o') is Σ_b (G_b)_oo' ã_b ã_bᵀ, a product of scaled copies of the
 * inputs, symmetric like the whole matrix: the blocks o' ≥ o (or their upper triangles) are formed
 * by the {@link BlockProducts} that pays for the layer's shape and the rest mirrored, B·out²·(in+1)²/2
 * multiply-adds per rank-one term or fewer instead of B·K·out²·(in+1)².
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
    private BlockProducts products; // the single-layer path's, chosen on its first batch
    private final boolean singlePrecision;
    private final GramSum gram; // the several-layer path's

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
        this.gram = new GramSum(matrix, p);
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
        gram.add(inPrecision(NDArrays.concat(parts, 1), singlePrecision));
    }

    /**
     * Gradient rows (the taps' float32) as the Gram products of {@code singlePrecision} take them: as
     * they are, or converted to float64 (below {@link #SINGLE_PRECISION_FROM} parameters).
     */
    static NDArray inPrecision(NDArray rows, boolean singlePrecision) {
        return singlePrecision ? rows : rows.toType(DataType.FLOAT64, false);
    }

    /** The per-(k, b) gradient rows vec M_kb of one layer, [K·B, out·(in+1)]. */
    static NDArray jacobianRows(LayerTaps.Tap t) {
        return t.jacobians().reshape(-1, t.layer().size());
    }

    /** One Linear layer: its blocks o' ≥ o by the strategy that pays for its shape. */
    private void addSingleLayer(LayerTaps.Tap t) {
        DataType type = singlePrecision ? DataType.FLOAT32 : DataType.FLOAT64;
        if (products == null) {
            products = BlockProducts.forLayer(t.layer().in() + 1, t.layer().out());
        }
        products.add(t, type, matrix, size);
        upperBlocksOnly = true;
    }

    /**
     * Fills what {@link #addSingleLayer} leaves out: first, in each block o' ≥ o, the entries (i, j) with
     * j before {@link BlockProducts#firstColumn}(i), from (j, i) of the same block (every block is
     * symmetric); then the blocks o' &lt; o from the transposed blocks (o', o).
     */
    private void mirrorUpperBlocks() {
        int in1 = layers.get(0).in() + 1;
        int out = size / in1;
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in1; i++) {
                int first = products.firstColumn(i);
                for (int o2 = o; o2 < out; o2++) {
                    int row = (o * in1 + i) * size + o2 * in1;
                    for (int j = 0; j < first; j++) {
                        matrix[row + j] = matrix[(o * in1 + j) * size + o2 * in1 + i];
                    }
                }
            }
        }
        for (int r = 0; r < size; r++) {
            int firstAbove = (r / in1 + 1) * in1;
            for (int c = firstAbove; c < size; c++) {
                matrix[c * size + r] = matrix[r * size + c];
            }
        }
        upperBlocksOnly = false;
    }

    @Override
    public void flush() {
        gram.flush();
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
        flush();
        if (upperBlocksOnly) {
            mirrorUpperBlocks();
        }
        return matrix;
    }
}
