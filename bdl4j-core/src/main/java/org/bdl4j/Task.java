package org.bdl4j;

import java.util.Locale;

/** What a model predicts: a class out of a fixed set, or a real number. */
public enum Task {
    /** Categorical likelihood over C classes; the network outputs C logits. */
    CLASSIFICATION,
    /** Gaussian likelihood on a real-valued target. */
    REGRESSION;

    /** The lower-case name used on the command line and in model files. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code classification} or {@code regression} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value found
     */
    public static Task parse(String text) {
        for (Task t : values()) {
            if (t.cliName().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "task must be 'classification' or 'regression', found '" + text + "'");
    }
}
