package org.bdl4j.data;

import java.util.SplittableRandom;

/**
 * Linear regression in d dimensions: weights w ~ N(0, I_d) and bias b ~ N(0, 1) drawn once; a row has
 * x ~ N(0, I_d) and y = wᵀx / √d + b + {@value #NOISE_STD} ε (signal variance 1 in expectation).
 */
final class LinearProcess implements RowProcess {
    static final double NOISE_STD = 0.5;

    private final double[] weights;
    private final double bias;

    LinearProcess(int features, SplittableRandom structure) {
        if (features < 1) {
            throw new IllegalArgumentException("linear regression needs d >= 1, found " + features);
        }
        weights = new double[features];
        for (int j = 0; j < features; j++) {
            weights[j] = structure.nextGaussian() / Math.sqrt(features);
        }
        bias = structure.nextGaussian();
    }

    @Override
    public Dataset train(int n, SplittableRandom rng) {
        int d = weights.length;
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double f = bias;
            for (int j = 0; j < d; j++) {
                double v = rng.nextGaussian();
                x[i * d + j] = (float) v;
                f += weights[j] * v;
            }
            y[i] = (float) (f + NOISE_STD * rng.nextGaussian());
        }
        return ToyData.regression(x, d, y);
    }
}
