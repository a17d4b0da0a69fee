package org.bdl4j.conformal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Objects;

/**
 * The finite-sample conformal quantile (Vovk, Gammerman and Shafer 2005; Lei, G'Sell, Rinaldo,
 * Tibshirani and Wasserman, JASA 2018; Angelopoulos and Bates, "A gentle introduction to conformal
 * prediction", 2021): of n calibration scores, the k-th smallest with k = ⌈(n+1)(1-α)⌉. If k &gt; n,
 * that is if n &lt; 1/α - 1 (too few calibration points for the level), the quantile is +∞ and every
 * prediction set is the full label set / every interval the whole real line.
 *
 * <p>With exchangeable calibration and test points, a test score is at most this quantile with
 * probability at least 1 - α, and (scores almost surely distinct) at most 1 - α + 1/(n+1); exactly
 * k / (n+1).
 *
 * <p>k is computed in exact decimal arithmetic on α's shortest decimal form ({@link Double#toString}),
 * free of binary round-off in (n+1)(1-α): α = 0.7 with n = 9 gives k = 3, where double arithmetic
 * gives 10 · 0.30000000000000004 = 3.0000000000000004 and k = 4.
 */
public final class ConformalQuantile {
    private ConformalQuantile() {}

    /** Checks 0 &lt; α &lt; 1: "alpha must be in (0, 1), found 1.5". */
    public static double checkAlpha(double alpha) {
        return ConformalOptions.ALPHA.check(alpha);
    }

    /** k = ⌈(n+1)(1-α)⌉, the rank of the conformal quantile among n scores (may exceed n). */
    public static int rank(int n, double alpha) {
        checkAlpha(alpha);
        if (n < 0) {
            throw new IllegalArgumentException("the number of calibration scores must be >= 0, found " + n);
        }
        BigDecimal product = BigDecimal.valueOf(n + 1L).multiply(BigDecimal.ONE.subtract(BigDecimal.valueOf(alpha)));
        return product.setScale(0, RoundingMode.CEILING).intValueExact();
    }

    /**
     * The k-th smallest score, k = {@link #rank}, or +∞ when k &gt; n (including n = 0).
     *
     * @throws IllegalArgumentException for a NaN score or α outside (0, 1)
     */
    public static double of(double[] scores, double alpha) {
        Objects.requireNonNull(scores, "scores");
        int k = rank(scores.length, alpha);
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "] is NaN");
            }
        }
        if (k > scores.length) {
            return Double.POSITIVE_INFINITY;
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        return sorted[k - 1];
    }
}
