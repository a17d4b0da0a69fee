package org.bdl4j.metrics;

import java.util.Objects;

/**
 * Argument checks shared by the metrics. Every failure is an {@link IllegalArgumentException} (a
 * {@link NullPointerException} for a null argument) with a one-line message that names the argument
 * and the value found.
 */
final class Checks {
    /** How far a probability row may sum from 1 (float32 softmax outputs are off by ~1e-7). */
    static final double ROW_SUM_TOLERANCE = 1e-3;

    private Checks() {
    }

    /**
     * Checks an n x C probability table: at least one row, every row of the same length C >= 1,
     * every entry finite and in [0, 1], every row summing to 1 within {@link #ROW_SUM_TOLERANCE}.
     *
     * @return the number of classes C
     */
    static int probabilities(double[][] probs) {
        Objects.requireNonNull(probs, "probs");
        if (probs.length == 0) {
            throw new IllegalArgumentException("probs has 0 rows, expected at least 1");
        }
        int classes = -1;
        for (int i = 0; i < probs.length; i++) {
            double[] row = probs[i];
            if (row == null) {
                throw new NullPointerException("probs row " + i + " is null");
            }
            if (classes < 0) {
                if (row.length == 0) {
                    throw new IllegalArgumentException("probs row 0 has 0 columns, expected at least 1");
                }
                classes = row.length;
            } else if (row.length != classes) {
                throw new IllegalArgumentException("probs row " + i + " has " + row.length
                        + " columns, row 0 has " + classes);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                double p = row[k];
                if (!(p >= 0 && p <= 1)) { // also catches NaN
                    throw new IllegalArgumentException("probs[" + i + "][" + k + "] = " + p
                            + ", expected a probability in [0, 1]");
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException("probs row " + i + " sums to " + sum
                        + ", expected 1 (within " + ROW_SUM_TOLERANCE + ")");
            }
        }
        return classes;
    }

    /** Checks that there is one label per row of probs and that each lies in [0, classes). */
    static void labels(int[] labels, int rows, int classes) {
        Objects.requireNonNull(labels, "labels");
        if (labels.length != rows) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, probs has "
                    + rows + " rows");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i]
                        + " is outside [0, " + classes + ") for probs with " + classes + " columns");
            }
        }
    }

    /** Checks that {@code values} is non-null and non-empty. */
    static void nonEmpty(String name, double[] values) {
        Objects.requireNonNull(values, name);
        if (values.length == 0) {
            throw new IllegalArgumentException(name + " has 0 entries, expected at least 1");
        }
    }

    /** Checks that {@code values} has as many entries as the reference array. */
    static void sameLength(String name, int length, String referenceName, int referenceLength) {
        if (length != referenceLength) {
            throw new IllegalArgumentException(name + " has " + length + " entries, " + referenceName
                    + " has " + referenceLength);
        }
    }

    /** Checks that every entry is finite (neither NaN nor infinite). */
    static void finite(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + values[i] + ", expected a finite value");
            }
        }
    }

    /** Checks that no entry is NaN (infinite scores are allowed: they only order). */
    static void notNaN(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is NaN");
            }
        }
    }

    /** Checks that every entry is finite and strictly positive. */
    static void positive(String name, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] > 0) || values[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + values[i] + ", expected a finite value > 0");
            }
        }
    }

    /** Checks a non-empty, finite array of the given length. */
    static void finiteOfLength(String name, double[] values, String referenceName, int referenceLength) {
        Objects.requireNonNull(values, name);
        sameLength(name, values.length, referenceName, referenceLength);
        finite(name, values);
    }

    /** Checks a number of bins. */
    static void bins(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, found " + bins);
        }
    }

    /** Checks a boolean array matches a score array in length. */
    static void flags(String name, boolean[] flags, String referenceName, int referenceLength) {
        Objects.requireNonNull(flags, name);
        sameLength(name, flags.length, referenceName, referenceLength);
    }
}
