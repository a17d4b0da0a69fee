package org.bdl4j.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fit on a cluster that starts from a saved MAP: a Laplace approximation whose curvature is summed
 * over the table's partitions ({@link SparkLaplace#fit}), or HMC whose chains run one per task
 * ({@link SparkHmc#fit}).
 *
 * @param map the MAP model directory (local path on every node, an {@code --archives} name, or a Hadoop URI)
 * @param train the training table, any Spark path
 * @param format {@code parquet} or {@code csv} (with a header)
 * @param featureColumns the feature columns, empty for the MAP's own feature names
 * @param target the target column, or null for the MAP's own target name
 * @param options the method's options by their command-line names without dashes (Laplace: {@code
 *     subset}, {@code hessian}, {@code prior-precision}, {@code link}, {@code seed}, ...; HMC: {@code
 *     hmc-chains}, {@code samples}, {@code weight-prior}, ...), as text
 * @param out the model directory to write on the driver (it must not exist)
 * @param validation a held-out table in the same format and columns, or null: its rows are collected
 *     to the driver and choose the prior as {@code bdl4j fit}'s validation split does (Laplace: the
 *     marginal likelihood's prior precision checked against a grid search on their NLL, and {@code
 *     prior-optimize gridsearch} made possible; HMC: the candidate prior whose draws predict them best)
 */
public record FromMapFitSpec(String map, String train, String format, List<String> featureColumns, String target,
        Map<String, String> options, String out, String validation) implements Serializable {
    public FromMapFitSpec {
        if (!"parquet".equals(format) && !"csv".equals(format)) {
            throw new IllegalArgumentException("format " + format + ": expected parquet or csv");
        }
        featureColumns = List.copyOf(featureColumns);
        options = new LinkedHashMap<>(options);
    }

    /** Without a validation table. */
    public FromMapFitSpec(String map, String train, String format, List<String> featureColumns, String target,
            Map<String, String> options, String out) {
        this(map, train, format, featureColumns, target, options, out, null);
    }

    /** The same fit with the rows of {@code table} (same format) as validation rows. */
    public FromMapFitSpec withValidation(String table) {
        return new FromMapFitSpec(map, train, format, featureColumns, target, options, out, table);
    }
}
