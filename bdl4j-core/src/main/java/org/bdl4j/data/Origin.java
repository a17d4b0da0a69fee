package org.bdl4j.data;

import java.util.Objects;

/**
 * Where a table's rows were read from, carried by the {@link Dataset} and every table derived from
 * it, so that a model can record its training data ({@link DataProvenance}).
 *
 * @param source the source as the user named it ({@code train.csv}, {@code toy:two-moons (seed 0)},
 *     {@code fashion-mnist}), or {@code in-memory table}
 * @param sha256 the SHA-256 of the file read (hex), or null when there is no file
 */
public record Origin(String source, String sha256) implements java.io.Serializable {
    /** A table built in memory. */
    public static final Origin IN_MEMORY = new Origin("in-memory table", null);

    public Origin {
        Objects.requireNonNull(source, "source");
    }
}
