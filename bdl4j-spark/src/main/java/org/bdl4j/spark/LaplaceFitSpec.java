package org.bdl4j.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link SparkLaplace#fit} computes: a Laplace approximation around a saved MAP, its curvature
 * summed over a table's partitions on the executors.
 *
 * @param map the MAP model directory (local path on every node, an {@code --archives} name, or a Hadoop URI)
 * @param train the training table, any Spark path
 * @param format {@code parquet} or {@code csv} (with a header)
 * @param featureColumns the feature columns, empty for the MAP's own feature names
 * @param target the target column, or null for the MAP's own target name
 * @param options the Laplace options by their command-line names without dashes ({@code subset},
 *     {@code hessian}, {@code prior-precision}, {@code link}, {@code seed}, ...), as text
 * @param out the model directory to write on the driver (it must not exist)
 * @param validation a held-out table in the same format and columns, or null: its rows are collected
 *     to the driver, where they check the marginal likelihood's prior precision against a grid search
 *     on their NLL, as {@code bdl4j fit}'s validation split does (and make {@code prior-optimize
 *     gridsearch} possible)
 */
public record LaplaceFitSpec(String map, String train, String format, List<String> featureColumns, String target,
        Map<String, String> options, String out, String validation) implements Serializable {
    public LaplaceFitSpec {
        if (!"parquet".equals(format) && !"csv".equals(format)) {
            throw new IllegalArgumentException("format " + format + ": expected parquet or csv");
        }
        featureColumns = List.copyOf(featureColumns);
        options = new LinkedHashMap<>(options);
    }

    /** Without a validation table. */
    public LaplaceFitSpec(String map, String train, String format, List<String> featureColumns, String target,
            Map<String, String> options, String out) {
        this(map, train, format, featureColumns, target, options, out, null);
    }

    /** The same fit with the rows of {@code table} (same format) as validation rows. */
    public LaplaceFitSpec withValidation(String table) {
        return new LaplaceFitSpec(map, train, format, featureColumns, target, options, out, table);
    }
}
