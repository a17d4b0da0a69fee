package org.bdl4j.spark.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bdl4j.calibration.CalibrationMethod;
import org.bdl4j.calibration.Calibrator;
import org.bdl4j.data.Task;
import org.bdl4j.spark.ModelCache;
import org.bdl4j.spark.ScoreSpec;
import org.bdl4j.spark.SparkCalibration;
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

    @Option(names = "--format", description = "parquet or csv; default: csv for a path ending in .csv, else parquet.")
    String format;

    @Option(names = "--features", split = ",", description = "The feature columns (default: the model's own names).")
    List<String> features = List.of();

    @Option(names = "--target", description = "The target column (default: the model's own target name).")
    String target;

    @Option(names = "--method", description = "temperature, vector, variance or quantile (default: temperature "
            + "for classification, variance for regression).")
    String method;

    @Option(names = "--out", required = true, description = "The calibrated model directory to write on the driver.")
    String out;

    @Option(names = "--master", description = "The Spark master when not run by spark-submit, e.g. local[4].")
    String master;

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        String fmt = format != null ? format.toLowerCase(Locale.ROOT)
                : calibration.toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "parquet";
        if (!fmt.equals("csv") && !fmt.equals("parquet")) {
            throw new IllegalArgumentException("--format " + format + ": expected parquet or csv");
        }
        SparkSession.Builder builder = SparkSession.builder().appName("bdl4j-spark calibrate");
        if (master != null) {
            builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        try {
            Task task = ModelCache.get(model).schema().task();
            CalibrationMethod m = method == null ? CalibrationMethod.defaultFor(task) : CalibrationMethod.parse(method);
            Dataset<Row> rows = fmt.equals("csv")
                    ? spark.read().option("header", "true").option("inferSchema", "true").csv(calibration)
                    : spark.read().parquet(calibration);
            Calibrator c = SparkCalibration.fit(rows, ScoreSpec.of(model).withFeatureColumns(features), target, m,
                    calibration, Path.of(out));
            command.commandLine().getOut().printf(Locale.ROOT, "calibrated: %s; saved to %s%n", c.toJson(), out);
            c.warnings().forEach(w -> command.commandLine().getErr().println("warning: " + w));
        } finally {
            if (master != null) {
                spark.stop();
            }
        }
        return 0;
    }
}
