package org.bdl4j.spark;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bdl4j.data.Dataset;
import org.bdl4j.train.MapPosterior;

/** A small labelled table collected to the driver as a data set in the MAP's columns. */
final class CollectedRows {
    private CollectedRows() {}

    /**
     * The rows of {@code path} (the spec's format, feature and target columns) with their targets.
     *
     * @param what the table's name for messages, e.g. {@code the validation table}
     * @throws IllegalArgumentException naming the table and the row for a missing column, a bad value or
     *     an empty table
     */
    static Dataset labelled(SparkSession spark, FromMapFitSpec spec, String path, MapPosterior map, String what) {
        org.apache.spark.sql.Dataset<Row> table = SparkTables.read(spark, spec.format(), path);
        try {
            FeatureReader features = FeatureReader.of(table.schema(), map.schema(), spec.featureColumns());
            TargetReader target = TargetReader.of(table.schema(), map.schema(), spec.target());
            List<Row> rows = table.collectAsList();
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("has no rows");
            }
            return target.withTargets(features.read(rows, 0), rows, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " " + path + ": " + e.getMessage(), e);
        }
    }
}
