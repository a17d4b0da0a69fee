package org.bdl4j.metrics;

import org.bdl4j.math.NormalDistribution;

/**
 * Accuracy, likelihood and interval metrics of real-valued predictions.
 *
 * <p>Arrays are indexed by sample; all arrays of one call must have the same non-zero length and
 * finite entries. Invalid input throws an {@link IllegalArgumentException} naming the argument and
 * the value found.
 */
public final class RegressionMetrics {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double INV_SQRT_PI = 0.564189583547756286948079451561;

    private RegressionMetrics() {
    }

    /** Root mean squared error: sqrt((1/n) sum_i (mu_i - y_i)^2). */
    public static double rmse(double[] mean, double[] y) {
        checkTargets(y);
        Checks.finiteOfLength("mean", mean, "y", y.length);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double d = mean[i] - y[i];
            sum += d * d;
        }
        return Math.sqrt(sum / y.length);
    }

    /**
     * Mean Gaussian negative log-likelihood:
     * (1/n) sum_i [ log(2 pi var_i) / 2 + (y_i - mu_i)^2 / (2 var_i) ], var_i &gt; 0.
     */
    public static double gaussianNll(double[] mean, double[] variance, double[] y) {
        double sum = 0;
        for (double v : gaussianRowNll(mean, variance, y)) {
            sum += v;
        }
        return sum / y.length;
    }

    /** The summands of {@link #gaussianNll}: ½ log(2π σ_i²) + (y_i − μ_i)²/(2σ_i²) per row. */
    public static double[] gaussianRowNll(double[] mean, double[] variance, double[] y) {
        checkTargets(y);
        Checks.finiteOfLength("mean", mean, "y", y.length);
        Checks.finiteOfLength("variance", variance, "y", y.length);
        Checks.positive("variance", variance);
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            double d = y[i] - mean[i];
            out[i] = 0.5 * (LOG_2PI + Math.log(variance[i])) + d * d / (2 * variance[i]);
        }
        return out;
    }

    /**
     * Mean continuous ranked probability score of Gaussian predictions N(mu_i, sigma_i^2), in closed
     * form (Gneiting and Raftery, "Strictly proper scoring rules, prediction, and estimation", JASA
     * 102, 2007, eq. 21): CRPS = sigma [ z (2 Phi(z) - 1) + 2 phi(z) - 1 / sqrt(pi) ] with
     * z = (y - mu) / sigma, which equals integral (F(x) - 1{x &gt;= y})^2 dx for the predictive CDF F.
     * Same units as y; lower is better; sigma_i &gt; 0.
     */
    public static double crpsGaussian(double[] mean, double[] std, double[] y) {
        checkTargets(y);
        Checks.finiteOfLength("mean", mean, "y", y.length);
        Checks.finiteOfLength("std", std, "y", y.length);
        Checks.positive("std", std);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double z = (y[i] - mean[i]) / std[i];
            sum += std[i] * (z * (2 * NormalDistribution.cdf(z) - 1) + 2 * NormalDistribution.pdf(z) - INV_SQRT_PI);
        }
        return sum / y.length;
    }

    /**
     * Prediction interval coverage probability: (1/n) sum_i 1{lower_i &lt;= y_i &lt;= upper_i}
     * (both ends included). Requires lower_i &lt;= upper_i.
     */
    public static double picp(double[] lower, double[] upper, double[] y) {
        checkTargets(y);
        checkIntervals(lower, upper, "y", y.length);
        int inside = 0;
        for (int i = 0; i < y.length; i++) {
            inside += lower[i] <= y[i] && y[i] <= upper[i] ? 1 : 0;
        }
        return (double) inside / y.length;
    }

    /** Mean interval width: (1/n) sum_i (upper_i - lower_i). Requires lower_i &lt;= upper_i. */
    public static double meanIntervalWidth(double[] lower, double[] upper) {
        Checks.nonEmpty("upper", upper);
        checkIntervals(lower, upper, "upper", upper.length);
        double sum = 0;
        for (int i = 0; i < upper.length; i++) {
            sum += upper[i] - lower[i];
        }
        return sum / upper.length;
    }

    private static void checkTargets(double[] y) {
        Checks.nonEmpty("y", y);
        Checks.finite("y", y);
    }

    private static void checkIntervals(double[] lower, double[] upper, String referenceName, int n) {
        Checks.finiteOfLength("lower", lower, referenceName, n);
        Checks.finiteOfLength("upper", upper, referenceName, n);
        for (int i = 0; i < n; i++) {
            if (lower[i] > upper[i]) {
                throw new IllegalArgumentException("lower[" + i + "] = " + lower[i] + " exceeds upper["
                        + i + "] = " + upper[i]);
            }
        }
    }
}
