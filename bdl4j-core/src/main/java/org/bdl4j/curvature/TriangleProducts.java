package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * {@link BlockProducts} by upper triangles: the block (o, o') is Ãᵀ diag(w_oo') Ã with the row
 * weights w_b,oo' = (G_b)_oo' ({@link PairWeights}), symmetric, so in each block o' ≥ o only the
 * columns j from the start of row i's chunk of {@value #ROW_CHUNK} inputs on are formed. Per slice of
 * {@value #ROW_SLICE} rows, chunk and group of at most {@value #GROUP_PAIRS} block pairs, one product
 * [(w_oo' ⊙ Ã_chunk)ᵀ]_pairs Ã_{j ≥ chunk start}: about out(out+1)/2 · B · (in+1)²/2 multiply-adds plus
 * the chunks' share (0.47 of {@link WholeBlockProducts}' at 257 x 10), at the price of one scaled copy
 * of the inputs per block pair, which only wide layers with few outputs amortise
 * ({@link BlockProducts#forLayer}).
 */
final class TriangleProducts implements BlockProducts {
    /** Inputs per row chunk. */
    static final int ROW_CHUNK = 32;
    /** Rows per slice. */
    static final int ROW_SLICE = 4096;
    /** Block pairs per product (at most 64 x 32 x 4,096 scaled inputs at once). */
    static final int GROUP_PAIRS = 64;

    @Override
    public void add(LayerTaps.Tap t, DataType type, double[] matrix, int size) {
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
                            addChunk(matrix, size, group, a0, a1, Arrays64.toDoubles(product), in1);
                            left.close();
                            product.close();
                        }
                    }
                }
            }
        }
    }

    /** The start of row i's chunk. */
    @Override
    public int firstColumn(int row) {
        return row / ROW_CHUNK * ROW_CHUNK;
    }

    /**
     * Adds a product for a group of pairs and input rows a0..a1-1: {@code chunk} is [(pair, i), j] over
     * the group's pairs in order, i = a0..a1-1 and j = a0..in1-1.
     */
    private static void addChunk(double[] matrix, int size, List<PairWeights.Segment> group, int a0, int a1,
            double[] chunk, int in1) {
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
}
