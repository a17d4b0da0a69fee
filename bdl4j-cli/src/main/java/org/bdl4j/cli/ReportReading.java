package org.bdl4j.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.bdl4j.train.MapPosterior;

/**
 * A short plain-language reading of a comparison table, generated from its numbers: which method
 * predicts the test rows best (NLL), which is best calibrated (ECE, or the interval coverage closest to
 * the nominal level), which tells OOD rows apart best (by its best OOD score), where epistemic uncertainty grows in a gap,
 * what each costs against the MAP, and how many carry warnings. Each sentence names the metric it reads.
 */
final class ReportReading {
    private ReportReading() {}

    static List<String> of(Comparison.Result result, double level) {
        List<String> out = of(result.rows(), level);
        Optional<Comparison.Row> map = result.rows().stream().filter(r -> r.method().equals(MapPosterior.METHOD))
                .findFirst();
        Optional<Comparison.Row> recalibrated = result.rows().stream()
                .filter(r -> r.method().startsWith(MapPosterior.METHOD + "+")).findFirst();
        if (map.isPresent() && recalibrated.isPresent()) {
            out.add(String.format(Locale.ROOT, "Recalibrated on held-out rows (%s), the MAP's test NLL goes from"
                    + " %.4f to %.4f.", recalibrated.get().method(), map.get().metrics().get("nll"),
                    recalibrated.get().metrics().get("nll")));
        }
        boolean classes = result.rows().get(0).metrics().containsKey("ece");
        for (PostHoc.ConformalRow c : result.conformal()) {
            out.add(String.format(Locale.ROOT, "Conformal prediction on %s covers %.1f%% of the test rows (%.0f%%"
                    + " guaranteed in expectation, over rows drawn like the held-out ones) with a mean %s of %.3g%s.",
                    c.method(), 100 * c.coverage(), 100 * level, classes ? "set size" : "interval width",
                    c.meanSize(), classes && c.meanSize() < 1 ? " (below 1: where no class is likely enough the set"
                            + " is empty, an abstention)" : ""));
        }
        return out;
    }

    static List<String> of(List<Comparison.Row> rows, double level) {
        List<String> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        Optional<Comparison.Row> map = rows.stream().filter(r -> r.method().equals(MapPosterior.METHOD)).findFirst();
        best(rows, "nll", false).ifPresent(r -> out.add(String.format(Locale.ROOT,
                "Best test NLL (lower is better): %s, %.4f%s.", r.method(), r.metrics().get("nll"),
                versusMap(map, "nll"))));
        if (rows.get(0).metrics().containsKey("ece")) {
            best(rows, "ece", false).ifPresent(r -> out.add(String.format(Locale.ROOT,
                    "Best calibrated (lowest ECE, the gap between confidence and accuracy): %s, %.4f%s.", r.method(),
                    r.metrics().get("ece"), versusMap(map, "ece"))));
            bestOodScore(rows).ifPresent(r -> out.add(String.format(Locale.ROOT,
                    "Best at telling the OOD rows from the test rows (AUROC of each method's best OOD score; 0.5 is"
                            + " chance): %s by its %s, %.3f%s.", r.row().method(), r.score(), r.auroc(),
                    map.flatMap(m -> bestOodScore(List.of(m))).map(m -> String.format(Locale.ROOT,
                            " (MAP %.4g by its %s)", m.auroc(), m.score())).orElse(""))));
        } else if (rows.get(0).metrics().containsKey("picp")) {
            rows.stream().min(Comparator.comparingDouble(r -> Math.abs(r.metrics().get("picp") - level)))
                    .ifPresent(r -> out.add(String.format(Locale.ROOT, "Intervals closest to their nominal %.0f%%"
                            + " coverage: %s, %.1f%% of the test rows inside, mean width %.4g.", 100 * level,
                            r.method(), 100 * r.metrics().get("picp"), r.metrics().get("interval_width"))));
            best(rows, "gap_epistemic_std", true).ifPresent(r -> out.add(String.format(Locale.ROOT,
                    "Epistemic uncertainty in the gap of the training inputs (mean epistemic sd there): largest for"
                            + " %s, %.4g%s; a method without it is as sure in the gap as on the data.", r.method(),
                    r.metrics().get("gap_epistemic_std"), versusMap(map, "gap_epistemic_std"))));
        }
        List<Comparison.Row> others = rows.stream().filter(r -> !r.method().startsWith(MapPosterior.METHOD)
                && Double.isFinite(r.relativeCost())).toList();
        if (!others.isEmpty()) {
            Comparison.Row cheap = others.stream().min(Comparator.comparingDouble(Comparison.Row::relativeCost)).get();
            Comparison.Row dear = others.stream().max(Comparator.comparingDouble(Comparison.Row::relativeCost)).get();
            out.add(String.format(Locale.ROOT, "Cost (fit time over the MAP's, MAP training included): from %.1f"
                    + " times for %s to %.1f times for %s.", cheap.relativeCost(), cheap.method(), dear.relativeCost(),
                    dear.method()));
        }
        long warned = rows.stream().filter(r -> !r.warnings().isEmpty()).count();
        if (warned > 0) {
            out.add(warned + (warned == 1 ? " method carries" : " methods carry")
                    + " warnings (below the table): read them before trusting its numbers.");
        }
        return out;
    }

    /** The OOD scores of the comparison table: metric and name. */
    private static final String[][] OOD_SCORES = {{"ood_auroc", "predictive entropy"},
        {"ood_auroc_msp", "max softmax probability"}, {"ood_auroc_mi", "mutual information"}};

    /** A method's best OOD score. */
    private record OodBest(Comparison.Row row, String score, double auroc) {}

    /**
     * The row and score of the highest OOD AUROC, each method judged by its best score: which score
     * separates best differs between methods (mutual information needs samples, and with them is often
     * the best), so ranking every method by one score would misjudge some.
     */
    private static Optional<OodBest> bestOodScore(List<Comparison.Row> rows) {
        OodBest best = null;
        for (Comparison.Row r : rows) {
            for (String[] s : OOD_SCORES) {
                Double v = r.metrics().get(s[0]);
                if (v != null && Double.isFinite(v) && (best == null || v > best.auroc())) {
                    best = new OodBest(r, s[1], v);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<Comparison.Row> best(List<Comparison.Row> rows, String metric, boolean higher) {
        ToDoubleFunction<Comparison.Row> v = r -> r.metrics().get(metric);
        Comparator<Comparison.Row> order = Comparator.comparingDouble(v);
        List<Comparison.Row> having = rows.stream().filter(r -> r.metrics().containsKey(metric)
                && Double.isFinite(r.metrics().get(metric))).toList();
        return higher ? having.stream().max(order) : having.stream().min(order);
    }

    private static String versusMap(Optional<Comparison.Row> map, String metric) {
        return map.filter(m -> m.metrics().containsKey(metric))
                .map(m -> String.format(Locale.ROOT, " (MAP %.4g)", m.metrics().get(metric))).orElse("");
    }
}
