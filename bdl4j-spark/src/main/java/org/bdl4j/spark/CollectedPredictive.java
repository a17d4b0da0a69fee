package org.bdl4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.ModelSchema;
import org.bdl4j.RegressionPredictive;

/**
 * A model's predictive at labelled rows of a distributed table, on the driver: the executors score the
 * rows ({@link BdlSpark#score}) and the driver collects each row's predictive and target (n x C
 * probabilities, or n means and variances; a calibration set of 10⁵ rows and 10 classes is 8 MB). What
 * post-hoc calibration (temperature, conformal) fits on, exactly as in one JVM.
 */
final class CollectedPredictive {
    /** The name the collected target column gets. */
    private static final String TARGET = "_bdl4j_target";

    private CollectedPredictive() {}

    /** The class probabilities and the labels (indices into the model's classes). */
    record Classes(ClassificationPredictive predictive, int[] labels) {}

    /** The regression predictive and the targets. */
    record Targets(RegressionPredictive predictive, double[] targets) {}

    static Classes classes(Dataset<Row> table, ScoreSpec spec, String target) {
        ModelSchema schema = ModelCache.get(spec.model()).schema();
        List<Row> rows = collected(table, spec, target, schema, "probabilities");
        TargetReader labels = TargetReader.of(rows.get(0).schema(), schema, TARGET);
        double[][] probabilities = new double[rows.size()][];
        int[] y = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            List<Object> p = rows.get(i).getList(0);
            probabilities[i] = p.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            y[i] = labels.label(rows.get(i), i);
        }
        return new Classes(ClassificationPredictive.ofPoint(probabilities, schema.classNames()), y);
    }

    static Targets targets(Dataset<Row> table, ScoreSpec spec, String target) {
        ModelSchema schema = ModelCache.get(spec.model()).schema();
        List<Row> rows = collected(table, spec, target, schema, "mean", "aleatoric_var", "epistemic_var");
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
        return new Targets(new RegressionPredictive(mean, aleatoric, epistemic), y);
    }

    /** The predictive's {@code columns} and the target of every row, on the driver. */
    private static List<Row> collected(Dataset<Row> table, ScoreSpec spec, String target, ModelSchema schema,
            String... columns) {
        String name = target != null ? target : schema.targetName();
        if (name == null || !List.of(table.columns()).contains(name)) {
            throw new IllegalArgumentException("the calibration table has no target column "
                    + (name == null ? "(the model names none: give it)" : name));
        }
        Dataset<Row> scored = BdlSpark.score(table.withColumnRenamed(name, TARGET), spec.plain());
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
