package org.bdl4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.bdl4j.math.Vectors;

/**
 * One method over the battery's sets: how many it was run on, crashed on and gave an invalid predictive
 * on; the median and worst (largest) NLL ratio and difference to MAP, with the set of the worst; the median
 * ECE (classification), median OOD AUROC minus MAP's, median 90 % coverage (regression), and the total fit
 * time; the crash messages with their sets, and the invalid cells. Medians and worsts are over the cells where the value is defined (a crashed or invalid cell has
 * none).
 */
record BatterySummary(String method, int sets, int crashes, int invalid, Spread nllRatio, Spread nllDiff,
        double medianEce, double medianAurocDiff, double medianCoverage, double fitSeconds,
        Map<String, List<String>> crashMessages, List<String> invalidCells) {

    /** The median and the largest value of a metric, and the set of the largest; NaN when there is none. */
    record Spread(double median, double worst, String worstSet) {}

    static BatterySummary of(String method, List<BatteryCell> cells) {
        Map<String, List<String>> crashes = new TreeMap<>();
        for (BatteryCell c : cells) {
            if (c.crashed()) {
                crashes.computeIfAbsent(c.crash(), k -> new ArrayList<>()).add(c.set().name());
            }
        }
        List<String> invalid = cells.stream().filter(BatteryCell::isInvalid)
                .map(c -> c.set().name() + ": " + c.invalid()).toList();
        return new BatterySummary(method, cells.size(), count(cells, BatteryCell::crashed),
                count(cells, BatteryCell::isInvalid), spread(cells, CellMetrics.NLL_RATIO),
                spread(cells, CellMetrics.NLL_DIFF), Vectors.median(values(cells, CellMetrics.ECE)),
                Vectors.median(values(cells, CellMetrics.OOD_AUROC_DIFF)), Vectors.median(values(cells, CellMetrics.COVERAGE)),
                cells.stream().mapToDouble(BatteryCell::fitSeconds).sum(), crashes, invalid);
    }

    /** The summary's JSON line, workload {@code BATTERY-SUMMARY}. */
    JsonLine toJson() {
        JsonLine line = new JsonLine(Battery.WORKLOAD + "-SUMMARY", method).field("sets", sets)
                .field("crashes", crashes).field("invalid", invalid);
        metric(line, "median_nll_ratio", nllRatio.median());
        metric(line, "worst_nll_ratio", nllRatio.worst());
        metric(line, "median_nll_diff", nllDiff.median());
        metric(line, "worst_nll_diff", nllDiff.worst());
        metric(line, "median_ece", medianEce);
        metric(line, "median_ood_auroc_diff", medianAurocDiff);
        metric(line, "median_coverage_90", medianCoverage);
        metric(line, "fit_s_total", fitSeconds);
        return line.field("worst_nll_ratio_set", nllRatio.worstSet()).field("worst_nll_diff_set", nllDiff.worstSet())
                .field("crash_messages", crashMessages).field("invalid_cells", invalidCells);
    }

    private static void metric(JsonLine line, String key, double value) {
        if (!Double.isNaN(value)) {
            line.metric(key, value);
        }
    }

    private static int count(List<BatteryCell> cells, Predicate<BatteryCell> p) {
        return (int) cells.stream().filter(p).count();
    }

    private static double[] values(List<BatteryCell> cells, String key) {
        return cells.stream().filter(c -> c.metric(key) != null).mapToDouble(c -> c.metric(key)).toArray();
    }

    private static Spread spread(List<BatteryCell> cells, String key) {
        BatteryCell worst = cells.stream().filter(c -> c.metric(key) != null)
                .max(Comparator.comparingDouble(c -> c.metric(key))).orElse(null);
        return worst == null ? new Spread(Double.NaN, Double.NaN, null)
                : new Spread(Vectors.median(values(cells, key)), worst.metric(key), worst.set().name());
    }

    /** The median (the mean of the two middle values for an even count); NaN for none. */
}
