package org.bdl4j.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.calibration.CalibrationMethod;
import org.bdl4j.calibration.Calibrator;
import org.bdl4j.conformal.ClassificationScore;
import org.bdl4j.conformal.Conditioning;
import org.bdl4j.conformal.ConformalMetrics;
import org.bdl4j.conformal.PredictionSets;
import org.bdl4j.conformal.RegressionScore;
import org.bdl4j.conformal.SplitConformalClassifier;
import org.bdl4j.conformal.SplitConformalRegressor;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Task;
import org.bdl4j.math.Floats;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.train.MapPosterior;

/**
 * The post-hoc rows of a comparison, fitted on held-out calibration rows that no method trained on:
 * <ul>
 *   <li>the MAP recalibrated by the task's default calibrator (temperature scaling, Guo et al. 2017;
 *       variance scaling for regression), measured like the methods ({@code map+temperature});
 *   <li>split conformal prediction at miscoverage α = 1 − level (LAC sets, Sadinle et al. 2019;
 *       intervals μ ± tσ from normalised residuals) on the MAP and on the Bayesian method with the
 *       lowest NLL on the calibration rows (chosen there, never on the test rows), with the coverage
 *       on the test rows, guaranteed to be at least 1 − α in expectation, and the mean set size or
 *       interval width: the price of the guarantee for each predictive.
 * </ul>
 */
final class PostHoc {
    /** Below this many calibration rows the post-hoc rows are left out (the quantile of 1 − α needs some). */
    static final int MIN_CALIBRATION_ROWS = 20;

    /** One conformal row: coverage on the test rows and the mean set size (or interval width). */
    record ConformalRow(String method, double coverage, double meanSize) {
        /** The table's columns: the method conformalised, coverage and mean size (or width). */
        Map<String, Object> tableRow(Task task) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("conformal on", method);
            m.put("coverage", coverage);
            m.put(task == Task.CLASSIFICATION ? "mean_set_size" : "mean_width", meanSize);
            return m;
        }

        /** The JSON form, an object of {@code compare --json}'s list: method {@code <method>+conformal}. */
        Map<String, Object> asMap(Task task) {
            Map<String, Object> m = tableRow(task);
            m.remove("conformal on");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("method", method + "+conformal");
            out.putAll(m);
            return out;
        }
    }

    private PostHoc() {}

    /** The MAP's row recalibrated on the calibration rows, if the rows hold a MAP and calibration rows. */
    static Optional<Comparison.Row> recalibratedMap(List<Comparison.Row> rows, Comparison.Inputs inputs,
            double level) {
        Optional<Comparison.Row> map = mapRow(rows, inputs);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Comparison.Row m = map.get();
        Dataset test = inputs.test();
        CalibrationMethod method = CalibrationMethod.defaultFor(test.task());
        long t0 = System.nanoTime();
        Calibrator c = method.fit(m.calibrationPredictive(), inputs.calibration());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Predictive p = c.apply(m.testPredictive());
        ClassificationPredictive ood = m.oodPredictive() == null ? null : c.apply(m.oodPredictive()).asClassification();
        Predictive grid = m.gridPredictive() == null ? null : c.apply(m.gridPredictive());
        Map<String, Double> metrics = new LinkedHashMap<>(Scores.of(p, test, ood, level));
        if (m.metrics().containsKey("gap_epistemic_std")) {
            metrics.put("gap_epistemic_std", m.metrics().get("gap_epistemic_std"));
        }
        double fit = m.fitSeconds() + seconds;
        return Optional.of(new Comparison.Row(m.method() + "+" + method.cliName(), metrics, fit, m.predictSeconds(),
                fit / m.fitSeconds(), p, ood, grid, c.apply(m.calibrationPredictive()), c.warnings()));
    }

    /** Conformal rows for the MAP and the Bayesian method of lowest calibration NLL (empty without calibration rows). */
    static List<ConformalRow> conformal(List<Comparison.Row> rows, Comparison.Inputs inputs, double level,
            long seed) {
        List<ConformalRow> out = new ArrayList<>();
        if (inputs.calibration() == null) {
            return out;
        }
        mapRow(rows, inputs).ifPresent(m -> out.add(conformal(m, inputs, 1 - level, seed)));
        rows.stream().filter(r -> !r.method().equals(MapPosterior.METHOD) && !r.method().contains("+")
                && r.calibrationPredictive() != null)
                .min(Comparator.comparingDouble(r -> PredictiveReports.meanNll(r.calibrationPredictive(),
                        inputs.calibration())))
                .ifPresent(best -> out.add(conformal(best, inputs, 1 - level, seed)));
        return out;
    }

    private static ConformalRow conformal(Comparison.Row r, Comparison.Inputs inputs, double alpha, long seed) {
        Dataset cal = inputs.calibration();
        Dataset test = inputs.test();
        if (test.task() == Task.CLASSIFICATION) {
            SplitConformalClassifier c = SplitConformalClassifier.calibrate(ClassificationScore.lac(), alpha,
                    Conditioning.MARGINAL, r.calibrationPredictive().asClassification(), cal.labels(), seed);
            PredictionSets sets = c.predict(r.testPredictive().asClassification(), seed + 1);
            return new ConformalRow(r.method(), ConformalMetrics.coverage(sets, test.labels()), sets.meanSize());
        }
        SplitConformalRegressor c = SplitConformalRegressor.calibrate(RegressionScore.normalized(), alpha,
                r.calibrationPredictive().asRegression(), Floats.toDoubles(cal.targets()));
        RegressionPredictive.Interval iv = c.predict(r.testPredictive().asRegression());
        double[] y = Floats.toDoubles(test.targets());
        return new ConformalRow(r.method(), ConformalMetrics.coverage(iv, y), ConformalMetrics.meanWidth(iv));
    }

    private static Optional<Comparison.Row> mapRow(List<Comparison.Row> rows, Comparison.Inputs inputs) {
        return inputs.calibration() == null ? Optional.empty()
                : rows.stream().filter(r -> r.method().equals(MapPosterior.METHOD)).findFirst();
    }

    /** The conformal table with a line saying what it is, or an empty string. */
    static String table(List<ConformalRow> rows, Task task, double level, int calibrationRows) {
        if (rows.isEmpty()) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, "split conformal prediction at %.0f%% coverage, calibrated on %d"
                + " held-out rows:%n", 100 * level, calibrationRows)
                + Tables.format(rows.stream().map(r -> r.tableRow(task)).toList());
    }
}
