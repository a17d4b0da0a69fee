package org.bdl4j.nn;

import org.bdl4j.math.Softmax;

/**
 * Turns raw network outputs (row-major n x outputs floats) into the quantities of each likelihood's
 * predictive: softmax probabilities for classification, mean and aleatoric variance for regression.
 */
public final class OutputHeads {
    /** The floor added to softplus(s) in the heteroscedastic head's variance. */
    public static final double MIN_VARIANCE = 1e-6;

    private OutputHeads() {}

    /** Row-wise softmax of n x C logits, computed stably in double precision ({@link Softmax#ofRows}). */
    public static double[][] softmaxDouble(float[] logits, int n, int c) {
        return Softmax.ofRows(logits, n, c);
    }

    /** {@link #softmaxDouble} stored as floats (for many samples, where memory matters). */
    public static float[][] softmax(float[] logits, int n, int c) {
        return Softmax.ofRowsAsFloats(logits, n, c);
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
