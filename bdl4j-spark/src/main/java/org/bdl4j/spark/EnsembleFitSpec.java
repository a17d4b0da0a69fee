package org.bdl4j.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link SparkEnsemble#fit} trains: a deep ensemble on a CSV table, one member per Spark task.
 *
 * @param train the training table: CSV with a header, as {@code bdl4j fit --data} reads it (a path
 *     present on every node, a name shipped with {@code --files}, or a Hadoop URI), or a Parquet table
 *     (any Spark path), which Spark writes once as one CSV file into the staging directory for the tasks
 * @param format {@code csv} or {@code parquet}
 * @param target the target column, or null for the last column
 * @param options the fit options by their command-line names without dashes ({@code members},
 *     {@code seed}, {@code hidden}, {@code epochs}, ...), as text; {@code ensemble-training} is always
 *     sequential here (one member per task)
 * @param out the model directory to write on the driver (it must not exist)
 * @param staging where the members wait on a file system every executor and the driver share (a
 *     Hadoop URI on a cluster); null for {@code <out>.members}
 */
public record EnsembleFitSpec(String train, String format, String target, Map<String, String> options, String out,
        String staging) implements Serializable {
    public EnsembleFitSpec {
        if (train == null || train.isBlank()) {
            throw new IllegalArgumentException("the training table's location is empty");
        }
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException("the output model directory is empty");
        }
        if (!"csv".equals(format) && !"parquet".equals(format)) {
            throw new IllegalArgumentException("format " + format + ": expected csv or parquet");
        }
        options = new LinkedHashMap<>(options);
        staging = staging == null ? out + ".members" : staging;
    }
}
