package org.bdl4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Task;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.usermodel.UserModelFit;
import java.util.function.Function;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.TrainingListener;

/**
 * Fits each method on the same training rows and measures it on the same test rows: the metrics of
 * {@link Scores}, for one-feature regression with a gap in its inputs ({@link InputGap}) the mean
 * epistemic standard deviation in the gap's middle half ({@code gap_epistemic_std}), fit seconds,
 * predict seconds and the relative cost (fit seconds over the MAP's). The methods that start from a
 * MAP share one MAP, trained once; their fit seconds include its training time, as if each had
 * trained it. Keeps each method's predictives on the test rows, the OOD rows and the plotting grid for
 * the report.
 */
final class Comparison {
    /** One method's results; {@code relativeCost} is NaN when no MAP was trained. */
    record Row(String method, Map<String, Double> metrics, double fitSeconds, double predictSeconds,
            double relativeCost, Predictive testPredictive, ClassificationPredictive oodPredictive,
            Predictive gridPredictive, Predictive calibrationPredictive, List<String> warnings) {

        /** The JSON form: method, metrics, seconds and the fit's warnings (a list, empty when there are none). */
        Map<String, Object> asMap() {
            Map<String, Object> m = tableRow();
            m.put("warnings", warnings);
            return m;
        }

        /**
         * The table's columns: method, metrics, seconds and the relative cost (the seconds and cost only
         * where measured: predictions made elsewhere have none).
         */
        Map<String, Object> tableRow() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method);
            m.putAll(metrics);
            if (!Double.isNaN(fitSeconds)) {
                m.put("fit_seconds", fitSeconds);
            }
            if (!Double.isNaN(predictSeconds)) {
                m.put("predict_seconds", predictSeconds);
            }
            if (Double.isFinite(relativeCost)) {
                m.put("relative_cost", relativeCost);
            }
            return m;
        }

        Row withRelativeCost(double cost) {
            return new Row(method, metrics, fitSeconds, predictSeconds, cost, testPredictive, oodPredictive,
                    gridPredictive, calibrationPredictive, warnings);
        }
    }

    /** The table of a result's rows, a line per warning, and a line per method missing from it. */
    static String table(Result result) {
        StringBuilder out = new StringBuilder(Tables.format(result.rows().stream().map(Row::tableRow).toList()));
        for (Row r : result.rows()) {
            r.warnings().forEach(w -> out.append(r.method()).append(": warning: ").append(w).append('\n'));
        }
        result.missing().forEach((m, why) -> out.append(m).append(": not in the table: ").append(why).append('\n'));
        return out.toString();
    }

    private Comparison() {}

    /**
     * The rows a comparison measures on besides the training rows.
     *
     * @param test labelled test rows
     * @param ood out-of-distribution rows for {@code ood_auroc} (classification; may be null)
     * @param grid rows to predict for plots ({@link PlotGrid}; may be null)
     * @param calibration labelled held-out rows for the post-hoc rows ({@link PostHoc}; may be null)
     */
    record Inputs(Dataset test, Dataset ood, Dataset grid, Dataset calibration) {}

    /**
     * Checks every method's options on the request first (so a bad value stops before any training),
     * then fits and measures the methods in order, {@code progress} told of each; a method that fails
     * is recorded in {@code missing} with its error and the others go on.
     *
     * @param saveDir where each fitted model is saved, as {@code saveDir/<method>} (may be null)
     */
    private static List<Row> run(List<PosteriorMethod> methods, FitRequest request, UserModelFit.Prepared userModel,
            Inputs inputs, double level, Path saveDir, Progress progress, Map<String, String> missing) {
        for (PosteriorMethod m : methods) {
            Methods.checkSupports(m, request.likelihood());
            m.validate(request);
        }
        List<Row> rows = new ArrayList<>();
        MapPosterior shared = null;
        double mapSeconds = Double.NaN;
        try {
            for (int i = 0; i < methods.size(); i++) {
                PosteriorMethod m = methods.get(i);
                progress.started(m.name(), i, methods.size());
                try {
                    TrainingListener listener = progress.training(m.name());
                    FitRequest r = listener == null ? request : request.withProgress(listener);
                    double before = 0;
                    if (userModel != null) {
                        mapSeconds = userModel.seconds();
                        rows.add(measure(m.name(), req -> userModel.fit(m, req), r, mapSeconds, inputs, level,
                                saveDir));
                        progress.finished(m.name(), rows.get(rows.size() - 1), null);
                        continue;
                    }
                    if (m.startsFromMap()) {
                        if (shared == null) {
                            long t0 = System.nanoTime();
                            shared = MapMethod.train(r);
                            mapSeconds = (System.nanoTime() - t0) / 1e9;
                        }
                        r = r.withBase(shared);
                        before = mapSeconds;
                    }
                    Row row = measure(m.name(), req -> Methods.fit(m, req), r, before, inputs, level, saveDir);
                    rows.add(row);
                    progress.finished(m.name(), row, null);
                } catch (RuntimeException e) {
                    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    missing.put(m.name(), "failed: " + reason);
                    progress.finished(m.name(), null, reason);
                }
            }
        } finally {
            if (shared != null) {
                shared.close();
            }
        }
        double mapFit = rows.stream().filter(r -> r.method().equals(MapPosterior.METHOD)).mapToDouble(Row::fitSeconds)
                .findFirst().orElse(mapSeconds);
        return rows.stream().map(r -> r.withRelativeCost(r.fitSeconds() / mapFit)).toList();
    }

    /**
     * A comparison's method rows (the recalibrated MAP last, when there is one), its conformal rows, and
     * the methods that did not finish with the reason (failed with its error, or not run because the
     * comparison was interrupted).
     */
    record Result(List<Row> rows, List<PostHoc.ConformalRow> conformal, Map<String, String> missing) {}

    /** What a comparison reports as it goes (the command line's progress line). */
    interface Progress {
        Progress NONE = new Progress() {};

        /** Method {@code index} (from 0) of {@code total} starts. */
        default void started(String method, int index, int total) {}

        /** A method finished (its row) or failed (the reason). */
        default void finished(String method, Row row, String failure) {}

        /** A listener for the training runs of {@code method} (a progress bar), or null. */
        default TrainingListener training(String method) {
            return null;
        }
    }

    /**
     * {@link #run} and then the post-hoc rows of {@link PostHoc}. A method that fails does not stop the
     * others: it is left out of the rows and named in {@link Result#missing} with its error.
     */
    static Result withPostHoc(List<PosteriorMethod> methods, FitRequest request, Inputs inputs, double level,
            Path saveDir, Progress progress) {
        return withPostHoc(methods, request, null, inputs, level, saveDir, progress);
    }

    /**
     * {@link #withPostHoc(List, FitRequest, Inputs, double, Path, Progress)} on the last layer of a
     * user model (when {@code userModel} is not null): each method is fitted to the prepared features.
     */
    static Result withPostHoc(List<PosteriorMethod> methods, FitRequest request, UserModelFit.Prepared userModel,
            Inputs inputs, double level, Path saveDir, Progress progress) {
        Map<String, String> missing = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>(run(methods, request, userModel, inputs, level, saveDir, progress, missing));
        List<PostHoc.ConformalRow> conformal = PostHoc.conformal(rows, inputs, level, request.seed());
        PostHoc.recalibratedMap(rows, inputs, level).ifPresent(rows::add);
        return new Result(List.copyOf(rows), conformal, java.util.Collections.unmodifiableMap(missing));
    }

    private static Row measure(String method, Function<FitRequest, Posterior> fitter, FitRequest r, double before,
            Inputs inputs, double level, Path saveDir) {
        long t0 = System.nanoTime();
        try (Posterior post = fitter.apply(r)) {
            double fit = before + (System.nanoTime() - t0) / 1e9;
            long p0 = System.nanoTime();
            Predictive p = post.predict(inputs.test());
            double predict = (System.nanoTime() - p0) / 1e9;
            ClassificationPredictive o = inputs.ood() == null ? null : post.predictClasses(inputs.ood());
            Map<String, Double> metrics = new LinkedHashMap<>(Scores.of(p, inputs.test(), o, level));
            Predictive g = inputs.grid() == null ? null : post.predict(inputs.grid());
            if (g != null && inputs.test().task() == Task.REGRESSION) {
                InputGap.of(r.train()).ifPresent(gap -> metrics.put("gap_epistemic_std",
                        gapEpistemicStd(gap, inputs.grid(), g.asRegression())));
            }
            Predictive c = inputs.calibration() == null ? null : post.predict(inputs.calibration());
            if (saveDir != null) {
                save(post, saveDir.resolve(method));
            }
            return new Row(method, metrics, fit, predict, Double.NaN, p, o, g, c, post.provenance().warnings());
        }
    }

    private static void save(Posterior post, Path dir) {
        try {
            post.save(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mean epistemic standard deviation over the grid points in the gap's middle half. */
    static double gapEpistemicStd(InputGap gap, Dataset grid, RegressionPredictive p) {
        double sum = 0;
        int count = 0;
        float[] x = grid.features();
        for (int i = 0; i < x.length; i++) {
            if (gap.containsMiddle(x[i])) {
                sum += Math.sqrt(p.epistemicVariance()[i]);
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
