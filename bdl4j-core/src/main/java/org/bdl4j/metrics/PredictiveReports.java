package org.bdl4j.metrics;

import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;

/**
 * The metric sets of the command line and the benchmarks, computed from any method's predictive:
 * {@code accuracy, nll, brier, ece, mce} for classification and
 * {@code rmse, nll, crps, picp, interval_width} for regression (NLL, CRPS and intervals of the
 * Gaussian predictive with the total variance aleatoric + epistemic).
 */
public final class PredictiveReports {
    /** The interval level of {@code picp} and {@code interval_width} unless told otherwise. */
    public static final double DEFAULT_LEVEL = 0.9;

    private PredictiveReports() {}

    /**
     * The mean NLL of {@code p} on the targets of {@code labelled} (rows in the same order):
     * classification (1/n) Σ -log p(y_i) ({@link ClassificationMetrics#nll}); regression the Gaussian NLL
     * with the total (aleatoric + epistemic) variance ({@link RegressionMetrics#gaussianNll}).
     */
    public static double meanNll(Predictive p, Dataset labelled) {
        double sum = 0;
        for (double v : rowNll(p, labelled)) {
            sum += v;
        }
        return sum / labelled.rows();
    }

    /** The NLL of {@code p} on each row of {@code labelled}, the summands of {@link #meanNll}. */
    public static double[] rowNll(Predictive p, Dataset labelled) {
        if (p instanceof RegressionPredictive r) {
            return RegressionMetrics.gaussianRowNll(r.mean(), r.totalVariance(), Floats.toDoubles(labelled.targets()));
        }
        return ClassificationMetrics.rowNll(p.asClassification().probabilities(), labelled.labels());
    }

    public static Map<String, Double> classification(ClassificationPredictive p, int[] labels) {
        return ClassificationReport.of(p.probabilities(), labels).toMap();
    }

    public static Map<String, Double> regression(RegressionPredictive p, float[] targets, double level) {
        double[] y = Floats.toDoubles(targets);
        RegressionPredictive.Interval iv = p.interval(level);
        return RegressionReport.of(p.mean(), p.totalVariance(), iv.lower(), iv.upper(), y).toMap();
    }
}
