package org.bdl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.IntFunction;

/**
 * The mean and covariance of S weight samples against a Gaussian's, with Monte Carlo margins taken
 * from a floor on the effective sample size (not from the sampler's own estimate, which a broken
 * sampler can inflate): mean_i within z √(Σ_ii/ESS), covariance_ij within z √((Σ_ii Σ_jj + Σ_ij²)/ESS),
 * the standard errors of a sample mean and covariance of ESS independent Gaussian draws.
 */
public final class SampleMoments {
    private SampleMoments() {}

    /** [mean (d), covariance (d x d)] of {@code count} samples, the covariance with 1/(S − 1). */
    public static double[][] of(int count, int d, IntFunction<float[]> sample) {
        double[][] out = new double[1 + d][d];
        for (int k = 0; k < count; k++) {
            float[] t = sample.apply(k);
            for (int i = 0; i < d; i++) {
                out[0][i] += t[i] / (double) count;
            }
        }
        for (int k = 0; k < count; k++) {
            float[] t = sample.apply(k);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out[1 + i][j] += (t[i] - out[0][i]) * (t[j] - out[0][j]) / (count - 1.0);
                }
            }
        }
        return out;
    }

    /** The variance margin z √(2/ESS) Σ_ii relative to Σ_ii: what a variance error must exceed to be seen. */
    public static double relativeVarianceMargin(double essFloor, double z) {
        return z * Math.sqrt(2 / essFloor);
    }

    /**
     * Asserts {@code moments} (from {@link #of}) against {@code exact} ([μ, Σ]) within z standard errors
     * of {@code essFloor} independent draws.
     */
    public static void assertClose(double[][] moments, double[][] exact, double essFloor, double z, String what) {
        int d = exact[0].length;
        for (int i = 0; i < d; i++) {
            assertThat(moments[0][i]).as("%s: mean of parameter %d", what, i)
                    .isCloseTo(exact[0][i], within(z * Math.sqrt(exact[1 + i][i] / essFloor)));
            for (int j = 0; j < d; j++) {
                double se = Math.sqrt((exact[1 + i][i] * exact[1 + j][j] + exact[1 + i][j] * exact[1 + i][j])
                        / essFloor);
                assertThat(moments[1 + i][j]).as("%s: covariance (%d, %d)", what, i, j)
                        .isCloseTo(exact[1 + i][j], within(z * se));
            }
        }
    }
}
