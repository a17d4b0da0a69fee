package org.bdl4j.conformal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.bdl4j.RegressionPredictive;

/**
 * How conformal sets and intervals do on labelled test data: coverage, mean set size or interval
 * width, coverage stratified by set size (Angelopoulos et al., ICLR 2021, §4: a method that covers
 * only through its large sets shows low coverage on its small ones) and coverage per class.
 */
public final class ConformalMetrics {
    private ConformalMetrics() {}

    /** The coverage of one group of rows: how many, and the fraction whose label is in the set. */
    public record Stratum(int size, int count, double coverage) {}

    /** (1/n) Σ_i 1{y_i ∈ C(x_i)}. */
    public static double coverage(PredictionSets sets, int[] labels) {
        check(sets, labels);
        int hits = 0;
        for (int i = 0; i < labels.length; i++) {
            hits += sets.contains(i, labels[i]) ? 1 : 0;
        }
        return (double) hits / labels.length;
    }

    /** (1/n) Σ_i |C(x_i)|. */
    public static double meanSetSize(PredictionSets sets) {
        return sets.meanSize();
    }

    /** Coverage among the rows with each set size that occurs, by increasing size. */
    public static List<Stratum> sizeStratifiedCoverage(PredictionSets sets, int[] labels) {
        check(sets, labels);
        TreeMap<Integer, int[]> bySize = new TreeMap<>(); // size -> {count, hits}
        for (int i = 0; i < labels.length; i++) {
            int[] c = bySize.computeIfAbsent(sets.size(i), k -> new int[2]);
            c[0]++;
            c[1] += sets.contains(i, labels[i]) ? 1 : 0;
        }
        List<Stratum> out = new ArrayList<>();
        bySize.forEach((size, c) -> out.add(new Stratum(size, c[0], (double) c[1] / c[0])));
        return out;
    }

    /** Coverage among the rows of each true class k = 0..C-1; NaN for a class absent from the labels. */
    public static double[] classConditionalCoverage(PredictionSets sets, int[] labels) {
        check(sets, labels);
        int c = sets.numClasses();
        int[] count = new int[c];
        int[] hits = new int[c];
        for (int i = 0; i < labels.length; i++) {
            count[labels[i]]++;
            hits[labels[i]] += sets.contains(i, labels[i]) ? 1 : 0;
        }
        double[] out = new double[c];
        for (int k = 0; k < c; k++) {
            out[k] = count[k] == 0 ? Double.NaN : (double) hits[k] / count[k];
        }
        return out;
    }

    /**
     * The summary a report prints: {@code coverage}, {@code mean_set_size},
     * {@code min_size_stratified_coverage} (over sizes that occur), {@code min_class_coverage} (over
     * classes present), {@code empty_set_fraction}.
     */
    public static Map<String, Double> summary(PredictionSets sets, int[] labels) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("coverage", coverage(sets, labels));
        m.put("mean_set_size", meanSetSize(sets));
        double ssc = Double.POSITIVE_INFINITY;
        for (Stratum s : sizeStratifiedCoverage(sets, labels)) {
            ssc = Math.min(ssc, s.coverage());
        }
        m.put("min_size_stratified_coverage", ssc);
        double cc = Double.POSITIVE_INFINITY;
        for (double v : classConditionalCoverage(sets, labels)) {
            if (!Double.isNaN(v)) {
                cc = Math.min(cc, v);
            }
        }
        m.put("min_class_coverage", cc);
        int empty = 0;
        for (int i = 0; i < sets.rows(); i++) {
            empty += sets.size(i) == 0 ? 1 : 0;
        }
        m.put("empty_set_fraction", (double) empty / sets.rows());
        return m;
    }

    /** (1/n) Σ_i 1{lower_i &lt;= y_i &lt;= upper_i}. */
    public static double coverage(RegressionPredictive.Interval intervals, double[] targets) {
        check(intervals, targets);
        int hits = 0;
        for (int i = 0; i < targets.length; i++) {
            hits += intervals.lower()[i] <= targets[i] && targets[i] <= intervals.upper()[i] ? 1 : 0;
        }
        return (double) hits / targets.length;
    }

    /** (1/n) Σ_i (upper_i - lower_i); +∞ if any interval is infinite. */
    public static double meanWidth(RegressionPredictive.Interval intervals) {
        double s = 0;
        int n = intervals.lower().length;
        for (int i = 0; i < n; i++) {
            s += intervals.upper()[i] - intervals.lower()[i];
        }
        return s / n;
    }

    /** {@code coverage} and {@code mean_width} of regression intervals. */
    public static Map<String, Double> summary(RegressionPredictive.Interval intervals, double[] targets) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("coverage", coverage(intervals, targets));
        m.put("mean_width", meanWidth(intervals));
        return m;
    }

    private static void check(PredictionSets sets, int[] labels) {
        Objects.requireNonNull(sets, "sets");
        ConformalChecks.labels(labels, sets.rows(), sets.numClasses(), false);
        if (labels.length == 0) {
            throw new IllegalArgumentException("labels has 0 entries, expected at least 1");
        }
    }

    private static void check(RegressionPredictive.Interval intervals, double[] targets) {
        Objects.requireNonNull(intervals, "intervals");
        ConformalChecks.targets(targets, intervals.lower().length);
    }
}
