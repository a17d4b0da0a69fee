package org.bdl4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Posterior;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Task;
import org.bdl4j.conformal.ClassificationScore;
import org.bdl4j.conformal.Conditioning;
import org.bdl4j.conformal.ConformalMetrics;
import org.bdl4j.conformal.ConformalQuantile;
import org.bdl4j.conformal.PredictionSets;
import org.bdl4j.conformal.RegressionScore;
import org.bdl4j.conformal.SplitConformalClassifier;
import org.bdl4j.conformal.SplitConformalRegressor;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.method.Posteriors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j conformal}: split conformal prediction sets (classification) or intervals
 * (regression) at miscoverage α, calibrated on held-out rows, for any saved model. With targets in
 * {@code --data}, {@code --json} reports the achieved coverage and mean size.
 */
@Command(name = "conformal", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Conformal prediction sets or intervals with guaranteed marginal coverage 1 - alpha.")
final class ConformalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "A model directory written by fit or calibrate; without it, --calibration and --data are CSV files of predictions made elsewhere.")
    Path model;

    @Option(names = "--calibration", required = true, paramLabel = "SRC", description = "Held-out labelled rows to calibrate on.")
    String calibration;

    @Option(names = "--data", required = true, paramLabel = "SRC", description = "Rows to make sets for (targets optional).")
    String data;

    @Option(names = "--target", paramLabel = "COL",
            description = "Without --model: the label or target column of the prediction files.")
    String target;

    @Option(names = "--scores", defaultValue = "probabilities", paramLabel = "probabilities|logits",
            description = "Without --model: what the class columns of the prediction files hold (default: ${DEFAULT-VALUE}).")
    String scores;

    @Option(names = "--alpha", required = true, paramLabel = "A", description = "Miscoverage in (0, 1): sets cover with probability >= 1 - A.")
    double alpha;

    @Option(names = "--score", paramLabel = "NAME",
            description = "lac | aps | raps (classification; default lac), absolute | normalized | cqr (regression; default normalized).")
    String score;

    @Option(names = "--class-conditional", description = "Mondrian: coverage 1 - alpha within every class (classification).")
    boolean classConditional;

    @Option(names = "--k-reg", defaultValue = "1", paramLabel = "K", description = "RAPS rank without penalty (default: ${DEFAULT-VALUE}).")
    int kReg;

    @Option(names = "--lambda", defaultValue = "0.01", paramLabel = "L", description = "RAPS penalty per rank (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of randomised scores and toy data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write the sets or intervals per row (whole or not at all).")
    Path out;

    @Option(names = "--json", description = "Print coverage and mean size as JSON (coverage needs targets in --data).")
    boolean json;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        ConformalQuantile.checkAlpha(alpha);
        Result result = model != null ? fromModel() : fromPredictions();
        PrintWriter o = spec.commandLine().getOut();
        if (out != null) {
            AtomicFiles.write(out, result.rows());
        } else if (!json) {
            result.rows().write(o);
        }
        if (json || out != null) {
            o.println(Json.GSON.toJson(result.summary()));
        }
        o.flush();
        return 0;
    }

    /** The summary (JSON) and the per-row output of one conformal run. */
    private record Result(Map<String, Object> summary, AtomicFiles.Body rows) {}

    /** Calibrates on a saved model's predictive at the labelled rows of {@code --calibration}. */
    private Result fromModel() {
        try (Posterior post = Posteriors.load(model)) {
            Dataset cal = Tables.forModel(calibration, post.schema(), TargetMode.REQUIRED, seed);
            Dataset rows = Tables.forModel(data, post.schema(), TargetMode.OPTIONAL, seed);
            if (post.schema().task() == Task.CLASSIFICATION) {
                return classify(post.predictClasses(cal), cal.labels(), post.predictClasses(rows),
                        rows.hasTargets() ? rows.labels() : null);
            }
            return regress(post.predictRegression(cal), doubles(cal.targets()), post.predictRegression(rows),
                    rows.hasTargets() ? doubles(rows.targets()) : null);
        }
    }

    /**
     * Calibrates on predictions made elsewhere: {@code --calibration} and {@code --data} are CSV files
     * of class scores ({@code p_<class>} or {@code logit_<class>} columns, {@code --scores}) or of a
     * Gaussian predictive ({@code mean}, optional {@code std}), with the label or target in
     * {@code --target} (required in the calibration file, optional in the data file).
     */
    private Result fromPredictions() {
        if (target == null) {
            throw new CliException("--target must name the label or target column of --calibration when no --model"
                    + " is given");
        }
        Path calFile = Path.of(calibration);
        PredictionFiles.Read cal = PredictionFiles.read(calFile, target, scores, null);
        if (!cal.hasTruth()) {
            throw new CliException("--calibration " + calFile + ": no column '" + target + "' (--target)");
        }
        if (cal.predictive() instanceof ClassificationPredictive c) {
            PredictionFiles.Read rows = PredictionFiles.read(Path.of(data), target, scores, c.classNames());
            return classify(c, cal.labels(), rows.predictive().asClassification(), rows.labels());
        }
        PredictionFiles.Read rows = PredictionFiles.read(Path.of(data), target, scores, null);
        return regress(cal.predictive().asRegression(), cal.targets(), rows.predictive().asRegression(),
                rows.targets());
    }

    private Result classify(ClassificationPredictive cal, int[] calLabels, ClassificationPredictive rows,
            int[] labels) {
        ClassificationScore s = ClassificationScore.parse(score == null ? "lac" : score, kReg, lambda);
        SplitConformalClassifier c = SplitConformalClassifier.calibrate(s, alpha,
                classConditional ? Conditioning.CLASS_CONDITIONAL : Conditioning.MARGINAL, cal, calLabels, seed);
        PredictionSets sets = c.predict(rows, seed + 1);
        Map<String, Object> summary = header(score == null ? "lac" : score, calLabels.length);
        if (labels != null) {
            summary.putAll(ConformalMetrics.summary(sets, labels));
        } else {
            summary.put("mean_set_size", sets.meanSize());
        }
        return new Result(summary, w -> writeSets(sets, w));
    }

    private Result regress(RegressionPredictive cal, double[] calTargets, RegressionPredictive rows, double[] targets) {
        if (classConditional) {
            throw new CliException("--class-conditional applies to classification only");
        }
        RegressionScore s = RegressionScore.parse(score == null ? "normalized" : score);
        SplitConformalRegressor r = SplitConformalRegressor.calibrate(s, alpha, cal, calTargets);
        RegressionPredictive.Interval iv = r.predict(rows);
        Map<String, Object> summary = header(score == null ? "normalized" : score, calTargets.length);
        if (targets != null) {
            summary.putAll(ConformalMetrics.summary(iv, targets));
        } else {
            summary.put("mean_width", ConformalMetrics.meanWidth(iv));
        }
        return new Result(summary, w -> writeIntervals(iv, w));
    }

    private Map<String, Object> header(String scoreName, int calibrationRows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("score", scoreName.toLowerCase(Locale.ROOT));
        m.put("calibration_rows", calibrationRows);
        return m;
    }

    private static double[] doubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** One row per input: the set's labels separated by '|', and its size. */
    private static void writeSets(PredictionSets sets, Writer w) throws IOException {
        CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
        p.printRecord("set", "size");
        for (int i = 0; i < sets.rows(); i++) {
            p.printRecord(String.join("|", sets.names(i)), sets.size(i));
        }
        p.flush();
    }

    private static void writeIntervals(RegressionPredictive.Interval iv, Writer w) throws IOException {
        CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
        p.printRecord("lower", "upper", "width");
        for (int i = 0; i < iv.lower().length; i++) {
            p.printRecord(num(iv.lower()[i]), num(iv.upper()[i]), num(iv.upper()[i] - iv.lower()[i]));
        }
        p.flush();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
