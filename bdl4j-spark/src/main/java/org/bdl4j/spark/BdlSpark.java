package org.bdl4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.bdl4j.Posterior;

/**
 * bdl4j on Apache Spark: a DataFrame scored with a bdl4j model's predictive and its uncertainty.
 *
 * <p>{@link #score} maps each partition in batches ({@code mapPartitions}, no shuffle); every executor
 * JVM loads the model once ({@link ModelCache}) and its tasks share it. Each output row is the input row
 * followed by the columns of {@link ScoreColumns}: the predictive p(y | x, D) ≈ (1/S) Σ_s p(y | x, θ_s)
 * of the model's method (a single θ for MAP, the members of an ensemble, the Laplace, VI, SWAG or MCMC
 * draws, MC dropout's masks) and its split into aleatoric and epistemic parts.
 *
 * <p>A row's result does not depend on the rows batched with it for MAP, ensembles, Laplace (its Monte
 * Carlo link shares its draws among the rows), the weight-sampling methods (S whole-network draws
 * per call) and MC dropout in its default sampling mode (T masks per dropout layer drawn once per call
 * and shared by the rows): each row gets what {@code bdl4j predict} gives it, up to the last bits where
 * libtorch picks another kernel for another batch size. MC dropout's per-row-mask modes draw a mask
 * per row and pass, seeded per call, so only the same partitioning and batch size give the same output.
 */
public final class BdlSpark {
    private BdlSpark() {}

    /**
     * Scores {@code input} with the model of {@code spec}. The model is loaded on the driver too, to
     * check the feature columns and build the output schema before any task runs.
     *
     * @throws IllegalArgumentException if a feature column is missing or not numeric, the input
     *     already has a column that scoring appends, the spec asks for a rejection rule the model does
     *     not have, or its conformal predictor is for the other task or other classes
     */
    public static Dataset<Row> score(Dataset<Row> input, ScoreSpec spec) {
        Posterior model = ModelCache.get(spec.model());
        ConformalColumns.check(spec, model.schema());
        FeatureReader features = FeatureReader.of(input.schema(), model.schema(), spec.featureColumns());
        if (spec.reject()) {
            ModelCache.rejection(spec.model());
        }
        StructType output = ScoreColumns.output(input.schema(), model.schema(), spec);
        return input.mapPartitions(new PartitionScorer(spec, features), Encoders.row(output));
    }

    /**
     * A scored table in columns a CSV file can hold, the layout of {@code bdl4j predict}'s and
     * {@code bdl4j conformal}'s files: the {@code probabilities} array as one column per class,
     * {@code p_<class>} in the model's class order and in the array's place, and a {@code prediction_set}
     * as its classes joined by {@code |}. A regression table is returned as it is.
     */
    public static Dataset<Row> asCsvColumns(Dataset<Row> scored, ScoreSpec spec) {
        List<String> names = ModelCache.get(spec.model()).schema().classNames();
        List<Column> columns = new ArrayList<>();
        for (String field : scored.columns()) {
            if (field.equals("probabilities") && !names.isEmpty()) {
                for (int k = 0; k < names.size(); k++) {
                    columns.add(functions.col(field).getItem(k).alias("p_" + names.get(k)));
                }
            } else if (field.equals("prediction_set")) {
                columns.add(functions.concat_ws("|", functions.col(field)).alias(field));
            } else {
                columns.add(functions.col(field));
            }
        }
        return scored.select(columns.toArray(Column[]::new));
    }
}
