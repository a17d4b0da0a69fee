package org.bdl4j.nn;

import ai.djl.ndarray.NDArray;
import org.bdl4j.math.Softmax;
import org.bdl4j.math.Softplus;

/**
 * Turns raw network outputs (row-major n x outputs floats) into the quantities of each likelihood's
 * predictive: softmax probabilities for classification, mean and aleatoric variance for regression
 * (the heteroscedastic σ² = softplus(s) + {@link #MIN_VARIANCE} also on the engine, for training).
 */
public final class OutputHeads {
    /** The floor added to softplus(s) in the heteroscedastic head's variance (double and engine forms). */
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

    /**
     * σ² = softplus(s) + {@link #MIN_VARIANCE} of column 1 of an n x 2 heteroscedastic head: the
     * aleatoric variance ({@link Softplus#of}).
     */
    public static double[] heteroscedasticVariance(float[] out, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Softplus.of(out[i * 2 + 1]) + MIN_VARIANCE;
        }
        return v;
    }

    /**
     * σ² = softplus(s) + {@link #MIN_VARIANCE} of the raw second outputs s on the engine,
     * differentiable (the floor is an engine-owned scalar, {@link Scalars}): the variance the
     * heteroscedastic Gaussian NLL trains and the predictive moments average.
     */
    public static NDArray heteroscedasticVariance(NDArray raw) {
        return ai.djl.nn.Activation.softPlus(raw).add(Scalars.like(raw, (float) MIN_VARIANCE));
    }
}
