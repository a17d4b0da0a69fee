package org.bdl4j.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.Posterior;
import org.bdl4j.calibration.CalibratedPosterior;
import org.bdl4j.calibration.CalibrationMethod;
import org.bdl4j.calibration.Calibrator;
import org.bdl4j.calibration.CalibratorFile;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Predictive;
import org.bdl4j.data.Sha256;
import org.bdl4j.math.Floats;
import org.bdl4j.data.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.method.Posteriors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j calibrate}: fits a post-hoc calibrator (temperature or vector scaling for
 * classification, variance scaling or quantile recalibration for regression) on held-out labelled
 * rows and saves the calibrated model; prints the metrics on those rows before and after.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Calibrate a saved model on held-out labelled rows and save the calibrated model.")
final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelInput input;

    @Mixin
    ModelOutput output;

    @Option(names = "--predictions", paramLabel = "FILE.csv",
            description = "Calibrate predictions made elsewhere instead of a model: class scores (p_<class> or"
                    + " logit_<class> columns, see --scores) or mean[,std], with the truth in --target; --out is then"
                    + " the calibrator file (FILE.json) that predict --calibrator applies.")
    Path predictions;

    @Option(names = "--target", paramLabel = "COL", description = "With --predictions: the label or target column.")
    String target;

    @Option(names = "--scores", defaultValue = "probabilities", paramLabel = "probabilities|logits",
            description = "With --predictions: what the class columns hold (default: ${DEFAULT-VALUE}).")
    String scores;

    @Option(names = "--method", paramLabel = "NAME",
            description = "temperature | vector (classification), variance | quantile (regression); default: temperature or variance.")
    String method;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (predictions != null) {
            return fromPredictions();
        }
        input.validate("--predictions FILE.csv");
        output.check();
        Posterior base = Posteriors.load(input.model);
        try {
            CalibrationMethod m = method == null ? CalibrationMethod.defaultFor(base.schema().task())
                    : CalibrationMethod.parse(method);
            Dataset rows = Tables.forModel(input.data, base.schema(), TargetMode.REQUIRED, input.seed);
            Map<String, Double> before = Scores.of(base, base.predict(rows), rows, null, input.level);
            CalibratedPosterior calibrated = CalibratedPosterior.fit(base, rows, m);
            base = null; // owned by the calibrated posterior from here on
            try (calibrated) {
                Map<String, Double> after = Scores.of(calibrated, calibrated.predict(rows), rows, null, input.level);
                calibrated.save(output.out);
                PrintWriter err = spec.commandLine().getErr();
                calibrated.calibrator().warnings().forEach(w -> err.println("bdl4j: warning: " + w));
                err.flush();
                PrintWriter o = spec.commandLine().getOut();
                o.println("calibrator: " + calibrated.calibrator().toJson());
                o.print(Tables.format(List.of(row("before", before), row("after", after))));
                o.println("saved to " + output.out);
                o.flush();
            }
        } finally {
            if (base != null) {
                base.close();
            }
        }
        return 0;
    }

    /**
     * Fits the calibrator to a file of predictions and their truth and writes it as a calibrator file;
     * prints the calibration rows' metrics before and after.
     */
    private int fromPredictions() throws java.io.IOException {
        if (input.given()) {
            throw new CliException("give --model and --data, or --predictions, not both");
        }
        if (target == null) {
            throw new CliException("--predictions needs --target, the label or target column");
        }
        if (Files.isDirectory(output.out) || (Files.exists(output.out) && !output.force)) {
            throw new CliException("--out " + output.out + ": exists" + (Files.isDirectory(output.out)
                    ? " and is a directory (with --predictions, --out is the calibrator file)" : "; --force replaces it"));
        }
        PredictionFiles.Read read = PredictionFiles.read(predictions, target, scores, null);
        if (!read.hasTruth()) {
            throw new CliException("--predictions " + predictions + ": no column '" + target + "' (--target)");
        }
        Predictive p = read.predictive();
        Task task = p instanceof ClassificationPredictive ? Task.CLASSIFICATION : Task.REGRESSION;
        CalibrationMethod m = method == null ? CalibrationMethod.defaultFor(task) : CalibrationMethod.parse(method);
        if (m.task() != task) {
            throw new CliException("--method " + m.cliName() + " is for " + m.task().cliName() + ", the predictions are"
                    + " for " + task.cliName());
        }
        Calibrator c = task == Task.CLASSIFICATION ? m.fitToLabels(p, read.labels()) : m.fitToTargets(p, read.targets());
        CalibratorFile file = new CalibratorFile(c, p instanceof ClassificationPredictive cp ? cp.classNames()
                : List.of(), predictions.getFileName() + " (SHA-256 " + Sha256.ofFiles(predictions) + ", " + p.size()
                        + " rows)");
        file.write(output.out);
        PrintWriter err = spec.commandLine().getErr();
        c.warnings().forEach(w -> err.println("bdl4j: warning: " + w));
        err.flush();
        PrintWriter o = spec.commandLine().getOut();
        o.println("calibrator: " + c.toJson());
        float[] targets = read.targets() == null ? null : Floats.toFloats(read.targets());
        o.print(Tables.format(List.of(row("before", Scores.of(p, read.labels(), targets, input.level)),
                row("after", Scores.of(c.apply(p), read.labels(), targets, input.level)))));
        o.println("saved to " + output.out);
        o.flush();
        return 0;
    }

    private static Map<String, Object> row(String name, Map<String, Double> metrics) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("on calibration rows", name);
        r.putAll(metrics);
        return r;
    }
}
