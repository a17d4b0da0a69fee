package org.bdl4j.math;

/**
 * The softmax and the log-sum-exp of a row of logits z_1..z_C, in double precision and computed
 * stably with the row maximum m = max_k z_k subtracted first:
 *
 * <pre>
 *   softmax(z)_k = exp(z_k - m) / Σ_j exp(z_j - m)
 *   logsumexp(z) = m + log Σ_j exp(z_j - m)
 * </pre>
 *
 * so that no exponential overflows and the largest term is exactly 1. Float logits (a network's
 * outputs, row-major n x C) are widened to double, which is exact, before the same arithmetic.
 */
public final class Softmax {
    private Softmax() {}

    /**
     * Writes softmax(z) into {@code out} (of z's length); {@code out} may be {@code z} itself (in
     * place).
     */
    public static void of(double[] z, double[] out) {
        double max = max(z);
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            out[k] = Math.exp(z[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < z.length; k++) {
            out[k] /= sum;
        }
    }

    /**
     * Writes the softmax of the float row {@code logits[offset .. offset + out.length)} (a row of a
     * row-major n x C array) into {@code out}.
     */
    public static void ofRow(float[] logits, int offset, double[] out) {
        for (int k = 0; k < out.length; k++) {
            out[k] = logits[offset + k];
        }
        of(out, out);
    }

    /** The row-wise softmax of row-major n x C float logits, as an n x C double array. */
    public static double[][] ofRows(float[] logits, int n, int c) {
        double[][] p = new double[n][c];
        for (int i = 0; i < n; i++) {
            ofRow(logits, i * c, p[i]);
        }
        return p;
    }

    /**
     * {@link #ofRows} rounded to float (for many samples, where memory matters): each row is
     * computed in double and rounded once.
     */
    public static float[][] ofRowsAsFloats(float[] logits, int n, int c) {
        float[][] p = new float[n][c];
        double[] row = new double[c];
        for (int i = 0; i < n; i++) {
            ofRow(logits, i * c, row);
            for (int k = 0; k < c; k++) {
                p[i][k] = (float) row[k];
            }
        }
        return p;
    }

    /** logsumexp(z) = log Σ_k exp(z_k), as m + log Σ_k exp(z_k - m) with m = max z. */
    public static double logSumExp(double[] z) {
        double max = max(z);
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    /** max_k z_k (-infinity for an empty row). */
    public static double max(double[] z) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            m = Math.max(m, v);
        }
        return m;
    }
}
