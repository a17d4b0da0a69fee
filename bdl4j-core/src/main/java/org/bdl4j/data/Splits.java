package org.bdl4j.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.Rule;

/**
 * Seeded random splits of row indices {@code 0..n-1}.
 *
 * <p>Every split is a prefix/suffix cut of {@link #permutation(int, long)}: training rows first, then
 * validation rows, then test rows. Sizes from fractions are {@code round(n * fraction)}, at least one row
 * when the fraction is positive; the training part must keep at least one row. Index arrays are in
 * permutation order and are not copied by the records.
 */
public final class Splits {
    /** The held-out test fraction of a data set split for a comparison: in (0, 1). */
    public static final OptionDescriptor<Double> TEST_FRACTION = OptionDescriptor.number("test-fraction", 0.2)
            .withRule(Rule.interval(0, false, 1, false)).withLabel("F");

    private Splits() {
    }

    /**
     * A random permutation of {@code 0..n-1}: Fisher–Yates (Durstenfeld) on the identity, for
     * {@code i = n-1} down to {@code 1} swap {@code a[i]} with {@code a[j]},
     * {@code j = new SplittableRandom(seed).nextInt(i + 1)} drawn in that order. The same
     * {@code (n, seed)} gives the same permutation on every JVM.
     */
    public static int[] permutation(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("row count must be >= 0, found " + n);
        }
        int[] a = identity(n);
        shuffle(a, new SplittableRandom(seed));
        return a;
    }

    /** The rows in their stored order, {@code 0..n-1}. */
    public static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Shuffles {@code a} in place with Fisher–Yates as in {@link #permutation}. */
    public static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Training and validation row indices. */
    public record TrainValidation(int[] train, int[] validation) {
        /** The training rows of {@code data}. */
        public Dataset train(Dataset data) {
            return data.subset(train);
        }

        /** The validation rows of {@code data}. */
        public Dataset validation(Dataset data) {
            return data.subset(validation);
        }
    }

    /** Training, validation and test row indices. */
    public record TrainValidationTest(int[] train, int[] validation, int[] test) {
        public Dataset train(Dataset data) {
            return data.subset(train);
        }

        public Dataset validation(Dataset data) {
            return data.subset(validation);
        }

        public Dataset test(Dataset data) {
            return data.subset(test);
        }
    }

    /**
     * The last {@code round(n * validationFraction)} rows of the permutation for validation (at least one
     * when the fraction is positive), the rest for training.
     *
     * @throws IllegalArgumentException "validation fraction must be in [0, 1), found 1.5", or when no
     *     training row would be left
     */
    public static TrainValidation trainValidation(int n, double validationFraction, long seed) {
        checkFraction("validation", validationFraction);
        return trainValidationRows(n, rowsFor(n, validationFraction), seed);
    }

    /** The last {@code validationRows} rows of the permutation for validation, the rest for training. */
    public static TrainValidation trainValidationRows(int n, int validationRows, long seed) {
        int[] p = permutation(n, seed);
        int train = n - validationRows;
        checkSizes(n, train, validationRows, 0);
        return new TrainValidation(Arrays.copyOfRange(p, 0, train), Arrays.copyOfRange(p, train, n));
    }

    /**
     * Train, validation and test parts of sizes {@code n - v - t}, {@code v = round(n * validationFraction)}
     * and {@code t = round(n * testFraction)} (each at least one when its fraction is positive), in that
     * order along the permutation.
     *
     * @throws IllegalArgumentException for a fraction outside [0, 1), fractions summing to 1 or more, or
     *     no training row left
     */
    public static TrainValidationTest trainValidationTest(int n, double validationFraction, double testFraction,
            long seed) {
        checkFraction("validation", validationFraction);
        checkFraction("test", testFraction);
        if (validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation fraction + test fraction must be < 1, found "
                    + validationFraction + " + " + testFraction);
        }
        int v = rowsFor(n, validationFraction);
        int t = rowsFor(n, testFraction);
        int[] p = permutation(n, seed);
        int train = n - v - t;
        checkSizes(n, train, v, t);
        return new TrainValidationTest(Arrays.copyOfRange(p, 0, train), Arrays.copyOfRange(p, train, train + v),
                Arrays.copyOfRange(p, train + v, n));
    }

    private static void checkFraction(String what, double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException(what + " fraction must be in [0, 1), found " + f);
        }
    }

    private static int rowsFor(int n, double fraction) {
        int k = (int) Math.round(n * fraction);
        return fraction > 0 ? Math.max(1, k) : k;
    }

    private static void checkSizes(int n, int train, int validation, int test) {
        if (validation < 0 || validation > n) {
            throw new IllegalArgumentException("validation rows must be in [0, " + n + "], found " + validation);
        }
        if (train < 1) {
            throw new IllegalArgumentException("the split leaves no training rows: " + n + " rows, " + validation
                    + " for validation, " + test + " for test");
        }
    }
}
