package org.bdl4j.data;

import java.util.List;
import java.util.Objects;

/**
 * Where a model's training rows came from, recorded in its model file so that a user can audit it:
 * the source as named ({@code train.csv}, {@code toy:two-moons}, {@code fashion-mnist}, or
 * {@code in-memory table}), the SHA-256 of the file read (null when there is no single file), and the
 * rows and columns used. A {@link Dataset} carries its {@link Origin}; {@link #of} reads it.
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

    /** The provenance of the rows of {@code used}: its {@link Dataset#origin()}, rows and columns. */
    public static DataProvenance of(Dataset used) {
        Origin o = used.origin();
        return new DataProvenance(o.source(), o.sha256(), used.rows(), used.featureNames(), used.targetName());
    }
}
