package org.bdl4j.spark.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.bdl4j.conformal.ClassificationScore;
import org.bdl4j.conformal.Conditioning;
import org.bdl4j.conformal.RegressionScore;
import org.bdl4j.data.Task;
import org.bdl4j.spark.BdlSpark;
import org.bdl4j.spark.ModelCache;
import org.bdl4j.spark.SparkConformal;
import org.bdl4j.spark.SparkTables;
import org.bdl4j.spark.ScoreSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bdl4j-spark score}: a table scored with a model's predictive and uncertainty columns. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score a table (Parquet or CSV) with a bdl4j model: the input's columns followed by "
                + "prediction, confidence, probabilities, entropy, aleatoric, epistemic (classification) or "
                + "mean, std, aleatoric_var, epistemic_var, lower, upper (regression).")
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "The model directory: a local path on every "
            + "node, a name shipped with --archives, or a Hadoop URI (hdfs://, s3a://, file://).")
    String model;

    @Option(names = "--input", required = true, description = "The table to score (any Spark path).")
    String input;

    @Option(names = "--output", required = true, description = "Where to write the scored table; it must not "
            + "exist unless --force.")
    String output;

    @Option(names = "--format", description = "parquet or csv; default: csv for an input path ending in .csv, "
            + "else parquet. The output has the input's format.")
    String format;

    @Option(names = "--features", split = ",", description = "The feature columns, in the model's order "
            + "(default: the model's own feature names).")
    List<String> features = List.of();

    @Option(names = "--batch-size", description = "Rows per call of the model (default: ${DEFAULT-VALUE}).")
    int batchSize = ScoreSpec.DEFAULT_BATCH_SIZE;

    @Option(names = "--level", description = "Regression interval level (default: ${DEFAULT-VALUE}).")
    double level = ScoreSpec.DEFAULT_LEVEL;

    @Option(names = "--reject", description = "Apply the rejection rule saved with the model ('bdl4j ood "
            + "--fit-reject'): adds the columns ood_score and reject.")
    boolean reject;

    @Option(names = "--calibration", description = "Labelled rows (same format and feature columns as --input) "
            + "to calibrate split conformal prediction on: adds prediction_set, or conformal_lower and "
            + "conformal_upper, with coverage at least 1 - alpha.")
    String calibration;

    @Option(names = "--alpha", description = "Conformal miscoverage in (0, 1) (default: ${DEFAULT-VALUE}).")
    double alpha = 0.1;

    @Option(names = "--conformal-score", description = "lac, aps or raps (classification; default lac); absolute, "
            + "normalized or cqr (regression; default absolute).")
    String conformalScore;

    @Option(names = "--target", description = "The target column of --calibration (default: the model's own).")
    String target;

    @Option(names = "--force", description = "Replace --output if it exists.")
    boolean force;

    @picocli.CommandLine.Mixin
    SparkSessionOptions session;

    @Override
    public Integer call() {
        String fmt = SparkTables.format(format, input, SparkTables.PARQUET);
        if (calibration == null && (conformalScore != null || target != null)) {
            throw new IllegalArgumentException("--conformal-score and --target apply with --calibration");
        }
        ScoreSpec plain = new ScoreSpec(model, features, batchSize, level, reject, null, 0);
        return session.run("bdl4j-spark score", spark -> {
            refuseExisting(spark);
            Dataset<Row> table = SparkTables.read(spark, fmt, input);
            ScoreSpec spec = calibration == null ? plain
                    : conformal(plain, SparkTables.read(spark, fmt, calibration));
            Dataset<Row> scored = BdlSpark.score(table, spec);
            SaveMode mode = force ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
            if (fmt.equals(SparkTables.CSV)) {
                // CSV has no arrays: one column per class, p_<class>; a prediction set as a|b.
                BdlSpark.asCsvColumns(scored, spec).write().mode(mode).option("header", "true").csv(output);
            } else {
                scored.write().mode(mode).parquet(output);
            }
            return 0;
        });
    }

    /** The spec with a conformal predictor calibrated on {@code rows} (scored on the executors). */
    private ScoreSpec conformal(ScoreSpec spec, Dataset<Row> rows) {
        boolean classification = ModelCache.get(spec.model()).schema().task() == Task.CLASSIFICATION;
        if (classification) {
            ClassificationScore score = ClassificationScore.parse(conformalScore == null ? "lac" : conformalScore, 1,
                    0.01);
            return spec.withConformal(SparkConformal.classifier(rows, spec, target, score, alpha,
                    Conditioning.MARGINAL, 0), 0);
        }
        RegressionScore score = RegressionScore.parse(conformalScore == null ? "absolute" : conformalScore);
        return spec.withConformal(SparkConformal.regressor(rows, spec, target, score, alpha));
    }

    /** An existing output is kept unless {@code --force}: named here, before any work. */
    private void refuseExisting(SparkSession spark) {
        try {
            org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
            if (!force && out.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(out)) {
                throw new IllegalArgumentException("--output " + output + " exists; --force replaces it");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("--output " + output + ": " + e.getMessage(), e);
        }
    }
}
