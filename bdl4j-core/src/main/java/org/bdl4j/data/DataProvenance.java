package org.bdl4j.data;

import java.util.List;
import java.util.Objects;

/**
 * Where a model's training rows came from, recorded in its model file so that a user can audit it:
 * the source as named ({@code train.csv}, {@code toy:two-moons}, {@code fashion-mnist}, or
 * {@code in-memory table}), the SHA-256 of the file read (null when there is no single file), and the
 * rows and columns used.
 *
 * @param source the source as the user named it
 * @param sha256 the SHA-256 of the file's bytes, hex, or null
 * @param rows the number of training rows used (after any validation split)
 * @param columns the feature columns, in the order the network sees them
 * @param target the target column, or null
 */
public record DataProvenance(String source, String sha256, int rows, List<String> columns, String target) {
    public DataProvenance {
        Objects.requireNonNull(source, "source");
        columns = List.copyOf(columns);
    }

    /** A table handed over in memory (no file behind it). */
    public static DataProvenance of(Dataset train) {
        return new DataProvenance("in-memory table", null, train.rows(), train.featureNames(), train.targetName());
    }

    /** The same source and file with the rows and columns of {@code used}. */
    public DataProvenance withRowsOf(Dataset used) {
        return new DataProvenance(source, sha256, used.rows(), used.featureNames(), used.targetName());
    }
}
