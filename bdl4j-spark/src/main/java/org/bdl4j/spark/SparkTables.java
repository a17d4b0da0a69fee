package org.bdl4j.spark;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The table formats the Spark commands read and write: CSV with a header, or Parquet. */
public final class SparkTables {
    public static final String CSV = "csv";
    public static final String PARQUET = "parquet";

    private SparkTables() {}

    /**
     * The format given, else the one a path's suffix names ({@code .csv} or {@code .parquet}), else
     * {@code otherwise}.
     *
     * @throws IllegalArgumentException for a format other than csv or parquet, naming the value found
     */
    public static String format(String given, String path, String otherwise) {
        if (given != null) {
            String f = given.toLowerCase(Locale.ROOT);
            if (!f.equals(CSV) && !f.equals(PARQUET)) {
                throw new IllegalArgumentException("--format " + given + ": expected parquet or csv");
            }
            return f;
        }
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".csv") ? CSV : p.endsWith(".parquet") ? PARQUET : otherwise;
    }

    /** The table at {@code path}: CSV with a header and inferred column types, or Parquet. */
    public static Dataset<Row> read(SparkSession spark, String format, String path) {
        return CSV.equals(format) ? spark.read().option("header", "true").option("inferSchema", "true").csv(path)
                : spark.read().parquet(path);
    }
}
