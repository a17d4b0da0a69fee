package org.bdl4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;

/**
 * Fits each method on the same training rows and measures it on the same test rows: the metrics of
 * {@link Scores}, fit seconds and predict seconds. Keeps each method's test predictive (and, for 1-D
 * regression, its predictive on a plotting grid) for the report.
 */
final class Comparison {
    /** One method's results. */
    record Row(String method, Map<String, Double> metrics, double fitSeconds, double predictSeconds,
            Predictive testPredictive, Predictive gridPredictive) {

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method);
            m.putAll(metrics);
            m.put("fit_seconds", fitSeconds);
            m.put("predict_seconds", predictSeconds);
            return m;
        }
    }

    private Comparison() {}

    /**
     * @param grid rows to predict for plots (may be null)
     * @param ood out-of-distribution rows for {@code ood_auroc} (classification; may be null)
     */
    static List<Row> run(Iterable<String> methods, FitRequest request, Dataset test, Dataset ood, Dataset grid,
            double level) {
        List<Row> rows = new ArrayList<>();
        for (String name : methods) {
            Methods.Fitter fitter = Methods.get(name);
            long t0 = System.nanoTime();
            try (Posterior post = fitter.fit(request)) {
                double fit = (System.nanoTime() - t0) / 1e9;
                long p0 = System.nanoTime();
                Predictive p = post.predict(test);
                double predict = (System.nanoTime() - p0) / 1e9;
                Map<String, Double> metrics = Scores.of(post, p, test, ood, level);
                Predictive g = grid == null ? null : post.predict(grid);
                rows.add(new Row(name, metrics, fit, predict, p, g));
            }
        }
        return rows;
    }
}
