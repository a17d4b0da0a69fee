package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * inputs, symmetric like the whole matrix: the upper triangle of each block o' ≥ o is formed
 * ({@link #addSingleLayer}) and the rest mirrored, about B·out²·(in+1)²/4 multiply-adds instead of
 * B·K·out²·(in+1)².
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
    /** Inputs per row chunk of the single-layer products (see {@link #addSingleLayer}). */
    static final int ROW_CHUNK = 32;
    /** Rows per slice of the single-layer products. */
    static final int ROW_SLICE = 4096;
    /** Block pairs per product of the single-layer path (at most 64 x 32 x 4,096 scaled inputs at once). */
    static final int GROUP_PAIRS = 64;

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
     * One layer: the block (o, o') of Σ_b G_b ⊗ ã_b ã_bᵀ is Ãᵀ diag(w_oo') Ã with the row weights
     * w_b,oo' = (G_b)_oo' ({@link PairWeights}). The matrix is symmetric and so is every block, so only
     * the blocks o' ≥ o are formed, and in each of them only the columns j from the start of row i's
     * chunk of {@value #ROW_CHUNK} inputs on. Per chunk and group of at most {@value #GROUP_PAIRS} pairs,
     * one product [(w_oo' ⊙ Ã_chunk)ᵀ]_pairs Ã_{j ≥ chunk}, over slices of {@value #ROW_SLICE} rows so
     * that the scaled copies stay small: about C(C+1)/2 · B · (in+1)²/2 multiply-adds, plus the chunks'
     * share. At the W1 last layer (10 x 257) the fit took 0.72x the time of multiplying out every block
     * pair whole (docs/benchmarks.md, "Last-layer Laplace"). The rest is filled by
     * {@link #mirrorUpperBlocks}.
     */
    private void addSingleLayer(LayerTaps.Tap t) {
        DataType type = singlePrecision ? DataType.FLOAT32 : DataType.FLOAT64;
        NDArray x = t.inputs().toType(type, false);
        long b = x.getShape().get(0);
        int in1 = t.layer().in() + 1;
        PairWeights weights = PairWeights.of(t, type);
        List<List<PairWeights.Segment>> groups = PairWeights.groups(t.layer().out(), GROUP_PAIRS);
        for (long r0 = 0; r0 < b; r0 += ROW_SLICE) {
            long r1 = Math.min(b, r0 + ROW_SLICE);
            long rows = r1 - r0;
            try (NDManager slice = x.getManager().newSubManager()) {
                NDArray xt = x.get(r0 + ":" + r1).transpose().flatten().reshape(in1, rows); // Ãᵀ, contiguous
                xt.attach(slice);
                PairWeights sliceWeights = weights.rows(r0, r1);
                for (List<PairWeights.Segment> group : groups) {
                    try (NDManager scope = slice.newSubManager()) {
                        NDArray w = sliceWeights.of(group);
                        w.attach(scope);
                        long pairs = w.getShape().get(1);
                        NDArray wt = w.transpose().flatten().reshape(pairs, 1, rows); // contiguous
                        for (int a0 = 0; a0 < in1; a0 += ROW_CHUNK) {
                            int a1 = Math.min(in1, a0 + ROW_CHUNK);
                            NDArray left = wt.mul(xt.get(a0 + ":" + a1).reshape(1, a1 - a0, rows))
                                    .reshape(pairs * (a1 - a0), rows);
                            NDArray product = left.matMul(xt.get(a0 + ":").transpose());
                            product.attach(scope);
                            addChunk(group, a0, a1, Arrays64.toDoubles(product), in1);
                            left.close();
                            product.close();
                        }
                    }
                }
            }
        }
        upperBlocksOnly = true;
    }

    /**
     * Adds the product of {@link #addSingleLayer} for a group of pairs and input rows a0..a1-1:
     * {@code chunk} is [(pair, i), j] over the group's pairs in order, i = a0..a1-1 and j = a0..in1-1.
     */
    private void addChunk(List<PairWeights.Segment> group, int a0, int a1, double[] chunk, int in1) {
        int k = 0;
        for (PairWeights.Segment s : group) {
            for (int o2 = s.from(); o2 < s.to(); o2++) {
                for (int i = a0; i < a1; i++) {
                    int row = (s.o() * in1 + i) * size + o2 * in1;
                    for (int j = a0; j < in1; j++) {
                        matrix[row + j] += chunk[k++];
                    }
                }
            }
        }
    }

    /**
     * Fills what {@link #addSingleLayer} leaves out: first, in each block o' ≥ o, the entries (i, j)
     * with j before row i's chunk, from (j, i) of the same block (every block is symmetric); then the
     * blocks o' &lt; o from the transposed blocks (o', o).
     */
    private void mirrorUpperBlocks() {
        int in1 = layers.get(0).in() + 1;
        int out = size / in1;
        for (int o = 0; o < out; o++) {
            for (int i = ROW_CHUNK; i < in1; i++) {
                int chunkStart = i / ROW_CHUNK * ROW_CHUNK;
                for (int o2 = o; o2 < out; o2++) {
                    int row = (o * in1 + i) * size + o2 * in1;
                    for (int j = 0; j < chunkStart; j++) {
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
