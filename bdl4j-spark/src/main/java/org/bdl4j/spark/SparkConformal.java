package org.bdl4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.bdl4j.ModelSchema;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.conformal.ClassificationScore;
import org.bdl4j.conformal.Conditioning;
import org.bdl4j.conformal.RegressionScore;
import org.bdl4j.conformal.SplitConformalClassifier;
import org.bdl4j.conformal.SplitConformalRegressor;

/**
 * Split conformal prediction (Vovk et al. 2005; Lei et al. 2018) calibrated on a distributed table: the
 * executors compute the model's predictive at the n calibration rows ({@link BdlSpark#score}), the
 * driver collects the n predictives and labels (n x C probabilities, or n means and variances) and
 * computes the exact quantile of the n non-conformity scores, q̂ = the ⌈(n + 1)(1 − α)⌉-th smallest,
 * as {@code bdl4j conformal} does in one JVM; so the guarantee P(y ∈ C(x)) ≥ 1 − α holds exactly.
 * Collecting costs n x C doubles on the driver (a calibration set of 10⁵ rows and 10 classes: 8 MB).
 * {@link ScoreSpec#withConformal} then adds each scored row's set or interval.
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
        ModelSchema schema = ModelCache.get(spec.model()).schema();
        List<Row> rows = collected(calibration, spec, target, schema, "probabilities");
        TargetReader labels = TargetReader.of(rows.get(0).schema(), schema, TARGET);
        double[][] probabilities = new double[rows.size()][];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            List<Object> p = rows.get(i).getList(0);
            probabilities[i] = p.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            y[i] = labels.label(rows.get(i), i);
        }
        return SplitConformalClassifier.calibrate(score, alpha, conditioning, probabilities, y, schema.classNames(),
                seed);
    }

    /** A conformal regressor for the model of {@code spec}, calibrated on the rows of {@code calibration}. */
    public static SplitConformalRegressor regressor(Dataset<Row> calibration, ScoreSpec spec, String target,
            RegressionScore score, double alpha) {
        ModelSchema schema = ModelCache.get(spec.model()).schema();
        List<Row> rows = collected(calibration, spec, target, schema, "mean", "aleatoric_var", "epistemic_var");
        TargetReader targets = TargetReader.of(rows.get(0).schema(), schema, TARGET);
        int n = rows.size();
        double[] mean = new double[n];
        double[] aleatoric = new double[n];
        double[] epistemic = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            mean[i] = r.getDouble(0);
            aleatoric[i] = r.getDouble(1);
            epistemic[i] = r.getDouble(2);
            y[i] = targets.target(r, i);
        }
        return SplitConformalRegressor.calibrate(score, alpha, new RegressionPredictive(mean, aleatoric, epistemic), y);
    }

    /** The name the collected target column gets. */
    private static final String TARGET = "_bdl4j_target";

    /** The predictive's {@code columns} and the target of every calibration row, on the driver. */
    private static List<Row> collected(Dataset<Row> calibration, ScoreSpec spec, String target, ModelSchema schema,
            String... columns) {
        String name = target != null ? target : schema.targetName();
        if (name == null || !List.of(calibration.columns()).contains(name)) {
            throw new IllegalArgumentException("the calibration table has no target column "
                    + (name == null ? "(the model names none: give it)" : name));
        }
        Dataset<Row> scored = BdlSpark.score(calibration.withColumnRenamed(name, TARGET), spec.plain());
        List<Column> keep = new ArrayList<>();
        for (String c : columns) {
            keep.add(functions.col(c));
        }
        keep.add(functions.col(TARGET));
        List<Row> rows = scored.select(keep.toArray(Column[]::new)).collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("the calibration table has no rows");
        }
        return rows;
    }
}
