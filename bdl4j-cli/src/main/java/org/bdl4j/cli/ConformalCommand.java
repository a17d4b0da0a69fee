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
import org.bdl4j.Posterior;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.Task;
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
import org.bdl4j.io.Posteriors;
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

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model directory written by fit or calibrate.")
    Path model;

    @Option(names = "--calibration", required = true, paramLabel = "SRC", description = "Held-out labelled rows to calibrate on.")
    String calibration;

    @Option(names = "--data", required = true, paramLabel = "SRC", description = "Rows to make sets for (targets optional).")
    String data;

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
        try {
            ConformalQuantile.checkAlpha(alpha);
        } catch (IllegalArgumentException e) {
            throw new CliException("--" + e.getMessage());
        }
        try (Posterior post = Posteriors.load(model)) {
            Dataset cal = Tables.forModel(calibration, post.schema(), TargetMode.REQUIRED, seed);
            Dataset rows = Tables.forModel(data, post.schema(), TargetMode.OPTIONAL, seed);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("alpha", alpha);
            AtomicFiles.Body body;
            if (post.schema().task() == Task.CLASSIFICATION) {
                ClassificationScore s = parse(() -> ClassificationScore.parse(score == null ? "lac" : score, kReg, lambda));
                SplitConformalClassifier c = SplitConformalClassifier.calibrate(s, alpha,
                        classConditional ? Conditioning.CLASS_CONDITIONAL : Conditioning.MARGINAL, post, cal, seed);
                PredictionSets sets = c.predict(post.predictClasses(rows), seed + 1);
                summary.put("score", score == null ? "lac" : score.toLowerCase(Locale.ROOT));
                summary.put("calibration_rows", cal.rows());
                if (rows.hasTargets()) {
                    summary.putAll(ConformalMetrics.summary(sets, rows.labels()));
                } else {
                    summary.put("mean_set_size", sets.meanSize());
                }
                body = w -> writeSets(sets, w);
            } else {
                if (classConditional) {
                    throw new CliException("--class-conditional applies to classification models only");
                }
                RegressionScore s = parse(() -> RegressionScore.parse(score == null ? "normalized" : score));
                SplitConformalRegressor r = SplitConformalRegressor.calibrate(s, alpha, post, cal);
                RegressionPredictive.Interval iv = r.predict(post.predictRegression(rows));
                summary.put("score", score == null ? "normalized" : score.toLowerCase(Locale.ROOT));
                summary.put("calibration_rows", cal.rows());
                if (rows.hasTargets()) {
                    double[] y = new double[rows.rows()];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = rows.targets()[i];
                    }
                    summary.putAll(ConformalMetrics.summary(iv, y));
                } else {
                    summary.put("mean_width", ConformalMetrics.meanWidth(iv));
                }
                body = w -> writeIntervals(iv, w);
            }
            PrintWriter o = spec.commandLine().getOut();
            if (out != null) {
                AtomicFiles.write(out, body);
            } else if (!json) {
                body.write(o);
            }
            if (json || out != null) {
                o.println(Json.GSON.toJson(summary));
            }
            o.flush();
        }
        return 0;
    }

    private <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new CliException("--" + e.getMessage());
        }
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
