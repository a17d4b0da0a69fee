package org.bdl4j.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bdl4j.data.EvaluationSet;

/**
 * One method on one set of the {@link Battery}: its metrics ({@link CellMetrics}; empty when it crashed
 * or its predictive was invalid), its times, and what went wrong, if anything.
 *
 * @param fitSeconds what {@code bdl4j fit} would take: MAP training plus the method's own phase for a
 *     post-hoc method, the method's training otherwise
 * @param methodSeconds the method's own phase (for {@code map}: its MAP training)
 * @param crash the exception's class and message, in one line, or null
 * @param invalid the first violation of {@link org.bdl4j.metrics.PredictiveValidity} (or why the metrics
 *     could not be computed), or null
 */
record BatteryCell(EvaluationSet set, String method, String likelihood, Map<String, Double> metrics,
        double fitSeconds, double methodSeconds, double predictSeconds, String crash, String invalid) {

    BatteryCell {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    boolean crashed() {
        return crash != null;
    }

    boolean isInvalid() {
        return invalid != null;
    }

    /** The metric, or null when it is undefined here. */
    Double metric(String key) {
        return metrics.get(key);
    }

    /** The exception's class and the first line of its message. */
    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /** The cell's JSON line: workload {@code BATTERY}, the set and request in settings, the metrics, times. */
    JsonLine toJson() {
        JsonLine line = new JsonLine(Battery.WORKLOAD, method, set.seed())
                .setting("set", set.name())
                .setting("task", set.task().cliName())
                .setting("likelihood", likelihood)
                .setting("train_rows", set.train().rows())
                .setting("test_rows", set.test().rows())
                .setting("ood_rows", set.ood().rows())
                .setting("ood", set.oodDescription())
                .setting("options", "the command line's defaults (FitRequest.fromOptions, only --seed set)")
                .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        metrics.forEach(line::metric);
        line.time("fit", fitSeconds).time("method", methodSeconds).time("predict", predictSeconds);
        return line.field("crashed", crashed()).field("error", crash).field("invalid", invalid);
    }
}
