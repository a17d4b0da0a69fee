package org.bdl4j.data;

import java.util.SplittableRandom;

/**
 * Gaussian blobs: class k has mean μ_k ~ N(0, (δ²/d) I_d) with δ = {@value #MEAN_SPREAD} (so two means
 * are √2·δ apart in expectation whatever d) and scale σ_k ~ U[{@value #MIN_SCALE}, {@value #MAX_SCALE}),
 * both drawn once; a row has y ~ Categorical(π) and x = μ_y + σ_y ε, ε ~ N(0, I_d); then, with
 * probability ρ, its label is replaced by one of the other C − 1 classes, uniformly.
 */
final class BlobProcess implements RowProcess {
    static final double MEAN_SPREAD = 3.0;
    static final double MIN_SCALE = 0.5;
    static final double MAX_SCALE = 1.5;

    private final int features;
    private final double[][] means;
    private final double[] scales;
    private final double[] cumulative;
    private final double flip;

    /**
     * @param priors the class probabilities π (summing to 1)
     * @param flip the label-flip probability ρ
     * @param structure draws the means and scales
     */
    BlobProcess(int features, double[] priors, double flip, SplittableRandom structure) {
        int classes = priors.length;
        if (features < 1 || classes < 2) {
            throw new IllegalArgumentException("blobs need d >= 1 and C >= 2, found d " + features + ", C " + classes);
        }
        this.features = features;
        this.flip = flip;
        means = new double[classes][features];
        scales = new double[classes];
        double spread = MEAN_SPREAD / Math.sqrt(features);
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < features; j++) {
                means[k][j] = spread * structure.nextGaussian();
            }
            scales[k] = MIN_SCALE + (MAX_SCALE - MIN_SCALE) * structure.nextDouble();
        }
        cumulative = new double[classes];
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += priors[k];
            cumulative[k] = sum;
        }
    }

    /** π_k = 1/C. */
    static double[] uniformPriors(int classes) {
        double[] p = new double[classes];
        java.util.Arrays.fill(p, 1.0 / classes);
        return p;
    }

    /** π_k ∝ 10^(−k): 90.9/9.1 % for two classes, 90.0/9.0/0.9 % for three. */
    static double[] tenfoldPriors(int classes) {
        double[] p = new double[classes];
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            p[k] = Math.pow(10, -k);
            sum += p[k];
        }
        for (int k = 0; k < classes; k++) {
            p[k] /= sum;
        }
        return p;
    }

    @Override
    public Dataset train(int n, SplittableRandom rng) {
        int classes = scales.length;
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int k = draw(rng.nextDouble());
            for (int j = 0; j < features; j++) {
                x[i * features + j] = (float) (means[k][j] + scales[k] * rng.nextGaussian());
            }
            boolean flipped = rng.nextDouble() < flip;
            int other = rng.nextInt(classes - 1);
            y[i] = flipped ? (k + 1 + other) % classes : k;
        }
        return ToyData.classification(x, n, features, y, classes);
    }

    private int draw(double u) {
        for (int k = 0; k < cumulative.length - 1; k++) {
            if (u < cumulative[k]) {
                return k;
            }
        }
        return cumulative.length - 1;
    }
}
