package org.bdl4j.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regression numbers that {@code bdl4j evaluate --json} and {@code compare --json} print, in
 * their JSON key order: rmse, nll, crps, picp, interval_width (see {@link RegressionMetrics} for the
 * definitions).
 *
 * @param rmse {@link RegressionMetrics#rmse}
 * @param nll {@link RegressionMetrics#gaussianNll}
 * @param crps {@link RegressionMetrics#crpsGaussian} with sigma = sqrt(variance)
 * @param picp {@link RegressionMetrics#picp} of the given interval
 * @param intervalWidth {@link RegressionMetrics#meanIntervalWidth} of the given interval (JSON key
 *     {@code interval_width})
 */
public record RegressionReport(double rmse, double nll, double crps, double picp, double intervalWidth) {

    /**
     * Computes every metric of the report from a Gaussian predictive (mean and total variance per
     * sample), a prediction interval (lower, upper) and the targets y.
     */
    public static RegressionReport of(double[] mean, double[] variance, double[] lower, double[] upper,
            double[] y) {
        double nll = RegressionMetrics.gaussianNll(mean, variance, y); // validates mean, variance, y
        double[] std = new double[variance.length];
        for (int i = 0; i < std.length; i++) {
            std[i] = Math.sqrt(variance[i]);
        }
        return new RegressionReport(RegressionMetrics.rmse(mean, y), nll,
                RegressionMetrics.crpsGaussian(mean, std, y), RegressionMetrics.picp(lower, upper, y),
                RegressionMetrics.meanIntervalWidth(lower, upper));
    }

    /** The JSON object: keys rmse, nll, crps, picp, interval_width in that order. */
    public Map<String, Double> toMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("rmse", rmse);
        map.put("nll", nll);
        map.put("crps", crps);
        map.put("picp", picp);
        map.put("interval_width", intervalWidth);
        return map;
    }
}
