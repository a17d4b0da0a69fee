package org.bdl4j.data;

import org.bdl4j.options.EnumNames;

/** What a model predicts: a class out of a fixed set, or a real number. */
public enum Task {
    /** Categorical likelihood over C classes; the network outputs C logits. */
    CLASSIFICATION,
    /** Gaussian likelihood on a real-valued target. */
    REGRESSION;

    /** The lower-case name used on the command line and in model files. */
    public String cliName() {
        return EnumNames.of(this);
    }

    /**
     * Parses {@code classification} or {@code regression} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value found
     */
    public static Task parse(String text) {
        return EnumNames.parse(Task.class, text, "task");
    }
}
