package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * {@link BlockProducts} by whole blocks: with G_b split as diag(d_b) + Σ_k s_k u_bk u_bkᵀ (the softmax
 * GGN: d = p, one u = p with s = -1; the Gaussian GGN: d = 1/σ²; back-propagated or empirical-Fisher
 * taps: d = 0, u_k = g_k, s = +1), the block (o, o') is δ_oo' Ãᵀ diag(d_o) Ã + Σ_k s_k (u_ko ⊙ Ã)ᵀ
 * (u_ko' ⊙ Ã). The scaled copies Q_k = [u_ko ⊙ Ã]_o are formed once per batch and each block row o
 * is one product Q_koᵀ [Q_ko', o' ≥ o]: B·out·(out+1)/2·(in+1)² multiply-adds per rank-one term, in
 * large products, with few copies.
 */
final class WholeBlockProducts implements BlockProducts {
    @Override
    public void add(LayerTaps.Tap t, DataType type, double[] matrix, int size) {
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
                addBlocks(matrix, size, o, 1, Arrays64.toDoubles(xt.matMul(weighted)), in1, 1);
            }
            NDArray u = t.hessian().rankOneFactor();
            if (u != null) {
                addRankOne(matrix, size, x, u.toType(type, false), -1, out, in1);
            }
        } else {
            NDArray g = t.grads();
            for (int k = 0; k < g.getShape().get(0); k++) {
                addRankOne(matrix, size, x, g.get(k).toType(type, false), 1, out, in1);
            }
        }
    }

    /** Every column: the blocks are whole. */
    @Override
    public int firstColumn(int row) {
        return 0;
    }

    /** Adds s Σ_b (u_b ⊗ ã_b)(u_b ⊗ ã_b)ᵀ, block rows o = 0..out-1, blocks o' ≥ o. */
    private static void addRankOne(double[] matrix, int size, NDArray x, NDArray u, double sign, int out, int in1) {
        long b = x.getShape().get(0);
        NDArray q = u.reshape(b, out, 1).mul(x.reshape(b, 1, in1)).reshape(b, (long) out * in1);
        for (int o = 0; o < out; o++) {
            NDArray qo = q.get(":, " + (o * in1) + ":" + ((o + 1) * in1)).transpose();
            NDArray rest = q.get(":, " + (o * in1) + ":");
            addBlocks(matrix, size, o, out - o, Arrays64.toDoubles(qo.matMul(rest)), in1, sign);
        }
    }

    /** Adds s·block, the blocks (o, o..o+count-1) as [in1, count·in1], along contiguous rows. */
    private static void addBlocks(double[] matrix, int size, int o, int count, double[] block, int in1, double sign) {
        int width = count * in1;
        for (int i = 0; i < in1; i++) {
            int row = (o * in1 + i) * size + o * in1;
            for (int c = 0; c < width; c++) {
                matrix[row + c] += sign * block[i * width + c];
            }
        }
    }
}
