package org.bdl4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON key contract of the command line (docs/design.md) and the reports' agreement with the metrics. */
class ReportsTest {

    @Test
    void classificationReportKeysAndValues() {
        double[][] probs = {{0.9, 0.1}, {0.9, 0.1}, {0.45, 0.55}, {0.45, 0.55}};
        int[] labels = {0, 1, 1, 1};
        ClassificationReport report = ClassificationReport.of(probs, labels);
        Map<String, Double> map = report.toMap();
        assertThat(map).containsOnlyKeys("accuracy", "nll", "brier", "ece", "mce");
        assertThat(map.keySet()).containsExactly("accuracy", "nll", "brier", "ece", "mce");
        assertThat(map.values()).containsExactly(ClassificationMetrics.accuracy(probs, labels),
                ClassificationMetrics.nll(probs, labels), ClassificationMetrics.brier(probs, labels),
                ClassificationMetrics.ece(probs, labels), ClassificationMetrics.mce(probs, labels));
    }

    @Test
    void regressionReportKeysAndValues() {
        double[] mean = {0, 1, 2};
        double[] variance = {1, 4, 0.25};
        double[] lower = {-1, -2, 1.5};
        double[] upper = {1, 4, 2.5};
        double[] y = {0.5, 5, 2};
        RegressionReport report = RegressionReport.of(mean, variance, lower, upper, y);
        Map<String, Double> map = report.toMap();
        assertThat(map.keySet()).containsExactly("rmse", "nll", "crps", "picp", "interval_width");
        // CRPS takes sigma = sqrt(variance) = 1, 2, 0.5
        assertThat(map.values()).containsExactly(RegressionMetrics.rmse(mean, y),
                RegressionMetrics.gaussianNll(mean, variance, y),
                RegressionMetrics.crpsGaussian(mean, new double[] {1, 2, 0.5}, y),
                RegressionMetrics.picp(lower, upper, y), RegressionMetrics.meanIntervalWidth(lower, upper));
        // y = 5 is above upper = 4: 2 of 3 inside; widths 2, 6, 1: mean 3
        assertThat(report.picp()).isEqualTo(2.0 / 3);
        assertThat(report.intervalWidth()).isEqualTo(3.0);
    }
}
