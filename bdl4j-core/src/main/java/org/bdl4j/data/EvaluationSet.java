package org.bdl4j.data;

import java.util.Objects;

/**
 * A data set to evaluate a method on: training rows, test rows from the same distribution (for a set
 * with a gap, rows in the gap too), and out-of-distribution inputs.
 *
 * @param name a short stable name
 * @param ood inputs far from the training data (no targets needed)
 * @param oodDescription how the OOD rows were made, in a few words
 * @param gap the interval of a 1-D regression set without training inputs, or null
 * @param seed the seed the set was made with, and the one to fit with
 */
public record EvaluationSet(String name, Dataset train, Dataset test, Dataset ood, String oodDescription,
        ToyData.Interval gap, long seed) {

    public EvaluationSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(ood, "ood");
        Objects.requireNonNull(oodDescription, "oodDescription");
    }

    /** Whether the set has a gap in its training inputs. */
    public boolean hasGap() {
        return gap != null;
    }

    /** Classification or regression. */
    public Task task() {
        return train.task();
    }
}
