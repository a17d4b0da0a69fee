package org.bdl4j.spark;

import java.io.Serializable;
import java.util.List;
import org.bdl4j.conformal.SplitConformalClassifier;
import org.bdl4j.conformal.SplitConformalRegressor;

/**
 * What {@link BdlSpark#score} does: which model, which columns hold its features, how many rows go to
 * the model at once, and the level of regression intervals.
 *
 * @param model the model directory written by {@code bdl4j fit} or {@code Posterior.save}: a local
 *     path present on every executor, the name of a directory shipped with {@code --archives}, or a
 *     URI of any Hadoop file system ({@code hdfs://}, {@code s3a://}, {@code file://}), copied once to
 *     each executor ({@link ModelCache})
 * @param featureColumns the input columns in the order of the model's features; empty for the
 *     model's own feature names. One column of arrays holds a whole feature vector (images).
 * @param batchSize rows per call of the model, within a partition
 * @param level the central interval's level for regression ({@code lower}, {@code upper})
 * @param reject whether to apply the rejection rule saved with the model ({@code bdl4j ood --fit-reject}):
 *     the columns {@code ood_score} and {@code reject}
 * @param conformal a split-conformal predictor calibrated for this model ({@link SparkConformal}): a
 *     {@link SplitConformalClassifier} or a {@link SplitConformalRegressor}, or null
 * @param conformalSeed the seed of a randomised conformal score's draws, per batch
 */
public record ScoreSpec(String model, List<String> featureColumns, int batchSize, double level, boolean reject,
        Serializable conformal, long conformalSeed) implements Serializable {
    /** Rows per call by default: the command line's chunk. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** The default interval level, as {@code bdl4j predict}'s. */
    public static final double DEFAULT_LEVEL = 0.9;

    public ScoreSpec {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("the model location is empty");
        }
        featureColumns = List.copyOf(featureColumns);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + ": expected at least 1");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level " + level + ": expected a value in (0, 1)");
        }
        if (conformal != null && !(conformal instanceof SplitConformalClassifier)
                && !(conformal instanceof SplitConformalRegressor)) {
            throw new IllegalArgumentException("a conformal predictor is a SplitConformalClassifier or a "
                    + "SplitConformalRegressor, found " + conformal.getClass().getSimpleName());
        }
    }

    /** The model's own feature columns, batches of {@value #DEFAULT_BATCH_SIZE}, 90 % intervals. */
    public static ScoreSpec of(String model) {
        return new ScoreSpec(model, List.of(), DEFAULT_BATCH_SIZE, DEFAULT_LEVEL, false, null, 0);
    }

    public ScoreSpec withFeatureColumns(List<String> columns) {
        return new ScoreSpec(model, columns, batchSize, level, reject, conformal, conformalSeed);
    }

    public ScoreSpec withBatchSize(int rows) {
        return new ScoreSpec(model, featureColumns, rows, level, reject, conformal, conformalSeed);
    }

    public ScoreSpec withLevel(double l) {
        return new ScoreSpec(model, featureColumns, batchSize, l, reject, conformal, conformalSeed);
    }

    /** With the model's rejection rule applied ({@code ood_score}, {@code reject}). */
    public ScoreSpec withReject() {
        return new ScoreSpec(model, featureColumns, batchSize, level, true, conformal, conformalSeed);
    }

    /** With prediction sets of a conformal classifier ({@code prediction_set}); {@code seed} for randomised scores. */
    public ScoreSpec withConformal(SplitConformalClassifier classifier, long seed) {
        return new ScoreSpec(model, featureColumns, batchSize, level, reject, classifier, seed);
    }

    /** With the intervals of a conformal regressor ({@code conformal_lower}, {@code conformal_upper}). */
    public ScoreSpec withConformal(SplitConformalRegressor regressor) {
        return new ScoreSpec(model, featureColumns, batchSize, level, reject, regressor, 0);
    }

    /** Without rejection or conformal columns (the predictive's own). */
    ScoreSpec plain() {
        return new ScoreSpec(model, featureColumns, batchSize, level, false, null, 0);
    }
}
