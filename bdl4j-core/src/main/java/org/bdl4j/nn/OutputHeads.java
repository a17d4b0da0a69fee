package org.bdl4j.nn;

/**
 * Turns raw network outputs (row-major n x outputs floats) into the quantities of each likelihood's
 * predictive: softmax probabilities for classification, mean and aleatoric variance for regression.
 */
public final class OutputHeads {
    /** The floor added to softplus(s) in the heteroscedastic head's variance. */
    public static final double MIN_VARIANCE = 1e-6;

    private OutputHeads() {}

    /** Row-wise softmax of n x C logits, computed stably (max subtracted) in double precision. */
    public static double[][] softmaxDouble(float[] logits, int n, int c) {
        double[][] p = new double[n][c];
        for (int i = 0; i < n; i++) {
            softmaxRow(logits, i * c, p[i]);
        }
        return p;
    }

    /** {@link #softmaxDouble} stored as floats (for many samples, where memory matters). */
    public static float[][] softmax(float[] logits, int n, int c) {
        float[][] p = new float[n][c];
        double[] row = new double[c];
        for (int i = 0; i < n; i++) {
            softmaxRow(logits, i * c, row);
            for (int k = 0; k < c; k++) {
                p[i][k] = (float) row[k];
            }
        }
        return p;
    }

    private static void softmaxRow(float[] logits, int offset, double[] out) {
        int c = out.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
            max = Math.max(max, logits[offset + k]);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
            out[k] = Math.exp(logits[offset + k] - max);
            sum += out[k];
        }
        for (int k = 0; k < c; k++) {
            out[k] /= sum;
        }
    }

    /** Column 0 of an n x outputs regression head: the mean. */
    public static double[] regressionMean(float[] out, int n, int outputs) {
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = out[i * outputs];
        }
        return m;
    }

    /** softplus(s) + 1e-6 of column 1 of an n x 2 heteroscedastic head: the aleatoric variance. */
    public static double[] heteroscedasticVariance(float[] out, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double s = out[i * 2 + 1];
            double softplus = s > 20 ? s : Math.log1p(Math.exp(s));
            v[i] = softplus + MIN_VARIANCE;
        }
        return v;
    }
}
