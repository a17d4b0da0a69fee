package org.bdl4j.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bdl4j.conformal.ClassificationScore;
import org.bdl4j.conformal.Conditioning;
import org.bdl4j.conformal.RegressionScore;
import org.bdl4j.conformal.SplitConformalClassifier;
import org.bdl4j.conformal.SplitConformalRegressor;

/**
 * Split conformal prediction (Vovk et al. 2005; Lei et al. 2018) calibrated on a distributed table: the
 * executors compute the model's predictive at the n calibration rows and the driver collects them
 * ({@link CollectedPredictive}) and computes the exact quantile of the n non-conformity scores, q̂ = the
 * ⌈(n + 1)(1 − α)⌉-th smallest, as {@code bdl4j conformal} does in one JVM; so the guarantee
 * P(y ∈ C(x)) ≥ 1 − α holds exactly. {@link ScoreSpec#withConformal} then adds each scored row's set or
 * interval.
 */
public final class SparkConformal {
    private SparkConformal() {}

    /**
     * A conformal classifier for the model of {@code spec}, calibrated on the labelled rows of
     * {@code calibration} (its features as {@code spec} names them, labels in {@code target}, or the
     * model's own target column when null).
     */
    public static SplitConformalClassifier classifier(Dataset<Row> calibration, ScoreSpec spec, String target,
            ClassificationScore score, double alpha, Conditioning conditioning, long seed) {
        CollectedPredictive.Classes c = CollectedPredictive.classes(calibration, spec, target);
        return SplitConformalClassifier.calibrate(score, alpha, conditioning, c.predictive(), c.labels(), seed);
    }

    /** A conformal regressor for the model of {@code spec}, calibrated on the rows of {@code calibration}. */
    public static SplitConformalRegressor regressor(Dataset<Row> calibration, ScoreSpec spec, String target,
            RegressionScore score, double alpha) {
        CollectedPredictive.Targets t = CollectedPredictive.targets(calibration, spec, target);
        return SplitConformalRegressor.calibrate(score, alpha, t.predictive(), t.targets());
    }
}
