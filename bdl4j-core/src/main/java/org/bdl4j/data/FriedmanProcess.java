package org.bdl4j.data;

import java.util.SplittableRandom;

/**
 * Friedman's (1991) first function in d ≥ 5 dimensions: x ~ U[0, 1)^d and
 * y = 10 sin(π x₀ x₁) + 20 (x₂ − 0.5)² + 10 x₃ + 5 x₄ + ε, ε ~ N(0, 1); features x₅.. are irrelevant.
 */
final class FriedmanProcess implements RowProcess {
    /** The features the function reads. */
    static final int RELEVANT = 5;

    private final int features;

    FriedmanProcess(int features) {
        if (features < RELEVANT) {
            throw new IllegalArgumentException("Friedman's function needs d >= " + RELEVANT + ", found " + features);
        }
        this.features = features;
    }

    @Override
    public Dataset train(int n, SplittableRandom rng) {
        float[] x = new float[n * features];
        float[] y = new float[n];
        double[] v = new double[features];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) {
                v[j] = rng.nextDouble();
                x[i * features + j] = (float) v[j];
            }
            double f = 10 * Math.sin(Math.PI * v[0] * v[1]) + 20 * (v[2] - 0.5) * (v[2] - 0.5) + 10 * v[3] + 5 * v[4];
            y[i] = (float) (f + rng.nextGaussian());
        }
        return ToyData.regression(x, features, y);
    }
}
