package org.bdl4j.metrics;

/**
 * Two predictives compared on the same rows by their per-row losses (e.g. {@link
 * PredictiveReports#rowNll}): with d_i = b_i − a_i, a is clearly lower when
 *
 * <pre>
 *   mean(d) &gt; 2 SE(d),   SE(d) = sd(d)/√n,
 * </pre>
 *
 * the paired z-test at about 97.5% one-sided. Pairing removes the rows' common difficulty, so a
 * small validation split still separates a real difference from noise; with fewer than two rows
 * nothing is clearly lower.
 */
public final class PairedComparison {
    private PairedComparison() {}

    /** Whether the losses {@code a} are clearly lower than {@code b} (same rows, same order). */
    public static boolean clearlyLower(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired losses need the same rows, found " + a.length + " and "
                    + b.length);
        }
        int n = a.length;
        if (n < 2) {
            return false;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += (b[i] - a[i]) / n;
        }
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = b[i] - a[i] - mean;
            ss += d * d;
        }
        return mean > 2 * Math.sqrt(ss / (n - 1) / n);
    }
}
