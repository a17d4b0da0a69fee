package org.bdl4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.train.MapPosterior;

/**
 * Fits each method on the same training rows and measures it on the same test rows: the metrics of
 * {@link Scores}, fit seconds and predict seconds. The methods that start from a MAP share one MAP,
 * trained once; their fit seconds include its training time, as if each had trained it. Keeps each
 * method's test predictive (and, for 1-D regression, its predictive on a plotting grid) for the report.
 */
final class Comparison {
    /** One method's results. */
    record Row(String method, Map<String, Double> metrics, double fitSeconds, double predictSeconds,
            Predictive testPredictive, Predictive gridPredictive, List<String> warnings) {

        /** The JSON form: method, metrics, seconds and the fit's warnings (a list, empty when there are none). */
        Map<String, Object> asMap() {
            Map<String, Object> m = tableRow();
            m.put("warnings", warnings);
            return m;
        }

        /** The table's columns: method, metrics and seconds. */
        Map<String, Object> tableRow() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method);
            m.putAll(metrics);
            m.put("fit_seconds", fitSeconds);
            m.put("predict_seconds", predictSeconds);
            return m;
        }
    }

    /** The table of {@code rows} followed by one line per warning ({@code vi: warning: ...}). */
    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder(Tables.format(rows.stream().map(Row::tableRow).toList()));
        for (Row r : rows) {
            r.warnings().forEach(w -> out.append(r.method()).append(": warning: ").append(w).append('\n'));
        }
        return out.toString();
    }

    private Comparison() {}

    /**
     * Checks every method's options on the request first (so a bad value stops before any training),
     * then fits and measures them in order.
     *
     * @param grid rows to predict for plots (may be null)
     * @param ood out-of-distribution rows for {@code ood_auroc} (classification; may be null)
     */
    static List<Row> run(List<PosteriorMethod> methods, FitRequest request, Dataset test, Dataset ood, Dataset grid,
            double level) {
        for (PosteriorMethod m : methods) {
            Methods.checkSupports(m, request.likelihood());
            m.validate(request);
        }
        List<Row> rows = new ArrayList<>();
        MapPosterior shared = null;
        double mapSeconds = 0;
        try {
            for (PosteriorMethod m : methods) {
                FitRequest r = request;
                double before = 0;
                if (m.startsFromMap()) {
                    if (shared == null) {
                        long t0 = System.nanoTime();
                        shared = MapMethod.train(request);
                        mapSeconds = (System.nanoTime() - t0) / 1e9;
                    }
                    r = request.withBase(shared);
                    before = mapSeconds;
                }
                rows.add(measure(m, r, before, test, ood, grid, level));
            }
        } finally {
            if (shared != null) {
                shared.close();
            }
        }
        return rows;
    }

    private static Row measure(PosteriorMethod m, FitRequest r, double before, Dataset test, Dataset ood,
            Dataset grid, double level) {
        long t0 = System.nanoTime();
        try (Posterior post = Methods.fit(m, r)) {
            double fit = before + (System.nanoTime() - t0) / 1e9;
            long p0 = System.nanoTime();
            Predictive p = post.predict(test);
            double predict = (System.nanoTime() - p0) / 1e9;
            Map<String, Double> metrics = Scores.of(post, p, test, ood, level);
            Predictive g = grid == null ? null : post.predict(grid);
            return new Row(m.name(), metrics, fit, predict, p, g, post.provenance().warnings());
        }
    }
}
