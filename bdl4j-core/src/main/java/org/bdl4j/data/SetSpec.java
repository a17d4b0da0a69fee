package org.bdl4j.data;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A named generated data set of {@link GeneratedSets}: its process, training rows, features and classes.
 * The name alone fixes the data: the seed is a hash of it ({@link #seed()}).
 *
 * @param name a short stable name, e.g. {@code blobs-n500-d10-c5}
 * @param classes the number of classes, 0 for regression
 */
public record SetSpec(String name, SetFamily family, int trainRows, int features, int classes) {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** @throws IllegalArgumentException for no rows or features, or classes that do not fit the task */
    public SetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        if (trainRows < 1 || features < 1) {
            throw new IllegalArgumentException(name + ": needs at least one training row and one feature, found "
                    + trainRows + " and " + features);
        }
        boolean classification = family.task() == Task.CLASSIFICATION;
        if (classification ? classes < 2 : classes != 0) {
            throw new IllegalArgumentException(name + ": " + family + " needs " + (classification ? "2 or more" : "0")
                    + " classes, found " + classes);
        }
    }

    /** Classification or regression. */
    public Task task() {
        return family.task();
    }

    /**
     * The set's seed: the 64-bit FNV-1a hash of the name's UTF-8 bytes, so that the data of a name never
     * changes when sets are added to or removed from the list. The battery also fits with it.
     */
    public long seed() {
        return seedOf(name);
    }

    /** The 64-bit FNV-1a hash of {@code name}'s UTF-8 bytes: the seed of the set called so. */
    public static long seedOf(String name) {
        long h = FNV_OFFSET;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }
}
