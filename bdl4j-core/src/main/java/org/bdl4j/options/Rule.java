package org.bdl4j.options;

import java.util.function.Predicate;

/**
 * What an option's value must satisfy, with the words that say it: {@code ">= 1"},
 * {@code "in [0, 1)"}. A rule is checked in one place ({@link OptionDescriptor#check}), by the
 * builders of the Java API and by the command line alike.
 *
 * @param requirement the condition as it reads after "must be"
 * @param test whether a (non-null) value satisfies it
 */
public record Rule<T>(String requirement, Predicate<T> test) {

    /** Any value. */
    public static <T> Rule<T> any() {
        return new Rule<>("", v -> true);
    }

    /** v ≥ min (integers). */
    public static Rule<Integer> atLeast(int min) {
        return new Rule<>(">= " + min, v -> v >= min);
    }

    /** v ≥ min (long integers). */
    public static Rule<Long> atLeastLong(long min) {
        return new Rule<>(">= " + min, v -> v >= min);
    }

    /** v ≥ min, finite. */
    public static Rule<Double> atLeast(double min) {
        return new Rule<>(">= " + Words.number(min), v -> v >= min && Double.isFinite(v));
    }

    /** v &gt; min, finite. */
    public static Rule<Double> greaterThan(double min) {
        return new Rule<>("> " + Words.number(min), v -> v > min && Double.isFinite(v));
    }

    /** v in [lo, hi) or another interval: {@code closedLow}/{@code closedHigh} say which ends belong. */
    public static Rule<Double> interval(double lo, boolean closedLow, double hi, boolean closedHigh) {
        String text = "in " + (closedLow ? "[" : "(") + Words.number(lo) + ", " + Words.number(hi)
                + (closedHigh ? "]" : ")");
        return new Rule<>(text, v -> (closedLow ? v >= lo : v > lo) && (closedHigh ? v <= hi : v < hi));
    }

    /** Both rules (the requirement joined by "and"). */
    public Rule<T> and(Rule<T> other) {
        if (requirement.isEmpty()) {
            return other;
        }
        return new Rule<>(requirement + " and " + other.requirement, v -> test.test(v) && other.test.test(v));
    }

    boolean accepts(T value) {
        return test.test(value);
    }
}
