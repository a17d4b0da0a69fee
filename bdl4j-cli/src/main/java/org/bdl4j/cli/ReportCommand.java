package org.bdl4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j report}: the table and HTML report of {@code compare}, for predictions made elsewhere.
 * Each file of predictions on the same labelled test rows (class scores or mean[,std], as
 * {@code calibrate --predictions} reads them) is one row of the table, with the metrics of
 * {@code evaluate}; with a file of predictions on OOD rows for each, the OOD AUROCs and histograms.
 * There are no fit times (the models were fitted elsewhere) and no post-hoc rows.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The table and HTML report of compare for predictions made elsewhere, one file per model.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--predictions", required = true, split = ",", paramLabel = "[NAME=]FILE.csv",
            description = "Files of predictions on the same test rows, one per model (class scores: p_<class> or"
                    + " logit_<class> columns; regression: mean[,std]) with the truth in --target; NAME= names the"
                    + " model's row (default: the file's name).")
    List<String> predictions;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "The label or target column.")
    String target;

    @Option(names = "--scores", defaultValue = "probabilities", paramLabel = "probabilities|logits",
            description = "What the class columns hold (default: ${DEFAULT-VALUE}).")
    String scores;

    @Option(names = "--ood-predictions", split = ",", paramLabel = "FILE.csv",
            description = "Classification: each model's predictions on OOD rows, in the order of --predictions.")
    List<Path> oodPredictions;

    @Option(names = "--level", defaultValue = "0.9", paramLabel = "L",
            description = "Regression interval level (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the HTML report with its figures here.")
    Path out;

    @Option(names = "--json", description = "Print a JSON list, one object per model, instead of the table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (!(level > 0 && level < 1)) {
            throw new CliException("--level must lie in (0, 1), found " + level);
        }
        if (oodPredictions != null && oodPredictions.size() != predictions.size()) {
            throw new CliException("--ood-predictions: one file per --predictions file (" + predictions.size()
                    + "), found " + oodPredictions.size());
        }
        List<Comparison.Row> rows = new ArrayList<>();
        Dataset test = null;
        List<String> classes = null;
        for (int i = 0; i < predictions.size(); i++) {
            String given = predictions.get(i);
            int eq = given.indexOf('=');
            Path file = Path.of(eq > 0 ? given.substring(eq + 1) : given);
            String name = eq > 0 ? given.substring(0, eq) : String.valueOf(file.getFileName()).replaceAll("\\.csv$", "");
            PredictionFiles.Read read = PredictionFiles.read(file, target, scores, classes);
            if (!read.hasTruth()) {
                throw new CliException(file + ": no column '" + target + "' (--target) holding the truth");
            }
            Dataset truth = truth(read);
            if (test == null) {
                test = truth;
                classes = read.predictive() instanceof ClassificationPredictive c ? c.classNames() : null;
            } else if (!sameTruth(test, truth)) {
                throw new CliException(file + ": its '" + target + "' column differs from "
                        + predictions.get(0) + "'s: every file must hold predictions on the same test rows");
            }
            ClassificationPredictive ood = null;
            if (oodPredictions != null) {
                if (classes == null) {
                    throw new CliException("--ood-predictions applies to classification predictions only");
                }
                ood = PredictionFiles.read(oodPredictions.get(i), null, scores, classes).predictive()
                        .asClassification();
            }
            Map<String, Double> metrics = new LinkedHashMap<>(Scores.of(read.predictive(), test, ood, level));
            rows.add(new Comparison.Row(name, metrics, Double.NaN, Double.NaN, Double.NaN, read.predictive(), ood,
                    null, null, List.of()));
        }
        Comparison.Result result = new Comparison.Result(rows, List.of(), Map.of());
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.GSON.toJson(rows.stream().map(Comparison.Row::asMap).toList()));
        } else {
            o.print(Comparison.table(result));
            ReportReading.of(result, level).forEach(line -> o.println("- " + line));
        }
        if (out != null) {
            Report.write(out, List.of(new Report.Section("predictions made elsewhere", null, test, null, result, level,
                    0)));
            if (!json) {
                o.println("report: " + out.resolve("index.html"));
            }
        }
        o.flush();
        return 0;
    }

    /** The labels or targets of a file as a data set of test rows (no features: the models ran elsewhere). */
    private static Dataset truth(PredictionFiles.Read read) {
        if (read.labels() != null) {
            int n = read.labels().length;
            List<String> classes = read.predictive().asClassification().classNames();
            return Dataset.classification(new float[n], n, new int[] {1}, List.of("row"), read.labels(), classes,
                    "label");
        }
        double[] t = read.targets();
        float[] y = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            y[i] = (float) t[i];
        }
        return Dataset.regression(new float[t.length], t.length, new int[] {1}, List.of("row"), y, "target");
    }

    private static boolean sameTruth(Dataset a, Dataset b) {
        return a.rows() == b.rows() && a.task() == b.task() && (a.task() == Task.CLASSIFICATION
                ? java.util.Arrays.equals(a.labels(), b.labels()) : java.util.Arrays.equals(a.targets(), b.targets()));
    }
}
