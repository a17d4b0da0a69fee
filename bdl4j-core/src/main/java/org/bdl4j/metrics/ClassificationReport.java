package org.bdl4j.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classification numbers that {@code bdl4j evaluate --json} and {@code compare --json} print, in
 * their JSON key order: accuracy, nll, brier, ece, mce (see {@link ClassificationMetrics} for the
 * definitions; ECE and MCE with 15 equal-width bins).
 *
 * @param accuracy {@link ClassificationMetrics#accuracy}
 * @param nll {@link ClassificationMetrics#nll}, p clamped at 1e-12
 * @param brier {@link ClassificationMetrics#brier}, in [0, 2]
 * @param ece {@link ClassificationMetrics#ece(double[][], int[])}, 15 bins
 * @param mce {@link ClassificationMetrics#mce(double[][], int[])}, 15 bins
 */
public record ClassificationReport(double accuracy, double nll, double brier, double ece, double mce) {

    /** Computes every metric of the report from predictive probabilities and true labels. */
    public static ClassificationReport of(double[][] probs, int[] labels) {
        List<ReliabilityBin> bins = ClassificationMetrics.reliabilityBins(probs, labels, ClassificationMetrics.DEFAULT_BINS);
        return new ClassificationReport(ClassificationMetrics.accuracy(probs, labels),
                ClassificationMetrics.nll(probs, labels), ClassificationMetrics.brier(probs, labels),
                ClassificationMetrics.expectedGap(bins), ClassificationMetrics.maxGap(bins));
    }

    /** The JSON object: keys accuracy, nll, brier, ece, mce in that order. */
    public Map<String, Double> toMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("accuracy", accuracy);
        map.put("nll", nll);
        map.put("brier", brier);
        map.put("ece", ece);
        map.put("mce", mce);
        return map;
    }
}
