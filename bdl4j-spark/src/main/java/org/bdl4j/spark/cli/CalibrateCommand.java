package org.bdl4j.spark.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bdl4j.calibration.CalibrationMethod;
import org.bdl4j.calibration.Calibrator;
import org.bdl4j.data.Task;
import org.bdl4j.spark.ModelCache;
import org.bdl4j.spark.ScoreSpec;
import org.bdl4j.spark.SparkCalibration;
import org.bdl4j.spark.SparkTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bdl4j-spark calibrate}: a calibrated model fitted on rows the executors score. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Fit temperature or vector scaling (classification), variance scaling or quantile "
                + "recalibration (regression) on labelled rows scored by the executors, and write the calibrated "
                + "model, which score and 'bdl4j predict' apply.")
final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "The model directory (a local path on every node, "
            + "an --archives name, or a Hadoop URI).")
    String model;

    @Option(names = "--calibration", required = true, description = "Labelled rows held out from training "
            + "(any Spark path).")
    String calibration;

    @picocli.CommandLine.Mixin
    LabelledTableOptions table;

    @Option(names = "--method", description = "temperature, vector, variance or quantile (default: temperature "
            + "for classification, variance for regression).")
    String method;

    @Option(names = "--out", required = true, description = "The calibrated model directory to write on the driver.")
    String out;

    @picocli.CommandLine.Mixin
    SparkSessionOptions session;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        String fmt = SparkTables.format(table.format, calibration, SparkTables.PARQUET);
        return session.run("bdl4j-spark calibrate", spark -> {
            Task task = ModelCache.get(model).schema().task();
            CalibrationMethod m = method == null ? CalibrationMethod.defaultFor(task) : CalibrationMethod.parse(method);
            Calibrator c = SparkCalibration.fit(SparkTables.read(spark, fmt, calibration),
                    ScoreSpec.of(model).withFeatureColumns(table.features), table.target, m, calibration, Path.of(out));
            command.commandLine().getOut().printf(Locale.ROOT, "calibrated: %s; saved to %s%n", c.toJson(), out);
            c.warnings().forEach(w -> command.commandLine().getErr().println("warning: " + w));
            return 0;
        });
    }
}
