package org.bdl4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded toy data sets for demos and tests. All randomness comes from one
 * {@code java.util.SplittableRandom(seed)} per call, so the same arguments give the same table on every
 * JVM, and different seeds different tables. Features are named {@code x0, x1, ...}, the target
 * {@code y}; classification classes are named {@code "0", "1", ...}.
 *
 * <ul>
 *   <li>{@code two-moons}: the geometry of scikit-learn's {@code make_moons} (the random draws differ).
 *   <li>{@code spirals}: interleaved spiral arms, one class per arm.
 *   <li>{@code regression-gap}: 1-D inputs in two clusters with an empty gap between them, for
 *       "in-between" uncertainty in the spirit of Foong et al. (2019).
 *   <li>{@code heteroscedastic}: 1-D regression whose noise standard deviation grows with x.
 * </ul>
 */
public final class ToyData {
    /** Rows generated for {@code toy:NAME} when no count is given. */
    public static final int DEFAULT_ROWS = 400;
    /** Noise of {@code toy:two-moons}. */
    public static final double DEFAULT_MOONS_NOISE = 0.1;
    /** Arms and noise of {@code toy:spirals}. */
    public static final int DEFAULT_SPIRAL_ARMS = 3;
    public static final double DEFAULT_SPIRAL_NOISE = 0.05;

    /** regression-gap: left cluster {@code [-1.5, -0.5)}, right cluster {@code [0.5, 1.5)}. */
    public static final Interval REGRESSION_GAP_LEFT = new Interval(-1.5, -0.5);
    public static final Interval REGRESSION_GAP_RIGHT = new Interval(0.5, 1.5);
    /** The noise standard deviation of regression-gap. */
    public static final double REGRESSION_GAP_NOISE_STD = 0.1;

    /** heteroscedastic: the input range, {@code x ~ U[0, 5)}. */
    public static final Interval HETEROSCEDASTIC_RANGE = new Interval(0.0, 5.0);

    private static final List<String> NAMES = List.of("two-moons", "spirals", "regression-gap", "heteroscedastic");
    private static final String TARGET = "y";

    private ToyData() {
    }

    /** An interval of the real line. */
    public record Interval(double low, double high) {
        public double midpoint() {
            return 0.5 * (low + high);
        }

        public double width() {
            return high - low;
        }

        /** True for {@code low < x < high} (the open interval). */
        public boolean containsStrictly(double x) {
            return x > low && x < high;
        }
    }

    /** The names accepted by {@link #named}. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The generator called {@code name} with its default settings: two-moons (noise 0.1), spirals (3 arms,
     * noise 0.05), regression-gap, heteroscedastic.
     *
     * @throws DataException for an unknown name, listing the known ones
     */
    public static Dataset named(String name, int n, long seed) {
        return switch (name) {
            case "two-moons" -> twoMoons(n, DEFAULT_MOONS_NOISE, seed);
            case "spirals" -> spirals(n, DEFAULT_SPIRAL_ARMS, DEFAULT_SPIRAL_NOISE, seed);
            case "regression-gap" -> regressionGap(n, seed);
            case "heteroscedastic" -> heteroscedastic(n, seed);
            default -> throw new DataException("unknown toy data set " + DataException.quote(name) + " (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * Two interleaving half circles, as scikit-learn's {@code make_moons}: {@code n/2} (rounded down)
     * points of class 0 at {@code (cos t, sin t)} and the rest of class 1 at
     * {@code (1 - cos t, 0.5 - sin t)}, {@code t} evenly spaced over {@code [0, pi]} in each class; rows
     * shuffled (Fisher–Yates), then N(0, noise^2) added to each coordinate.
     */
    public static Dataset twoMoons(int n, double noise, long seed) {
        checkRows(n, 1);
        checkNoise(noise);
        SplittableRandom rng = new SplittableRandom(seed);
        int outer = n / 2;
        int inner = n - outer;
        int[] order = Splits.permutation(n, rng.nextLong());
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            int i = order[r];
            boolean isOuter = i < outer;
            int k = isOuter ? i : i - outer;
            double t = Math.PI * spaced(k, isOuter ? outer : inner);
            double a = isOuter ? Math.cos(t) : 1 - Math.cos(t);
            double b = isOuter ? Math.sin(t) : 0.5 - Math.sin(t);
            x[2 * r] = (float) (a + noise * rng.nextGaussian());
            x[2 * r + 1] = (float) (b + noise * rng.nextGaussian());
            y[r] = isOuter ? 0 : 1;
        }
        return classification(x, n, 2, y, 2);
    }

    /**
     * {@code arms} spiral arms, one class each; row {@code i} is on arm {@code i mod arms}. A point has
     * {@code t ~ U[0, 1)}, radius {@code t}, angle {@code 2 pi k / arms + 3 pi t} (one and a half turns),
     * plus N(0, noise^2) on each coordinate.
     */
    public static Dataset spirals(int n, int arms, double noise, long seed) {
        if (arms < 2) {
            throw new IllegalArgumentException("arms must be >= 2, found " + arms);
        }
        checkRows(n, arms);
        checkNoise(noise);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int k = i % arms;
            double t = rng.nextDouble();
            double angle = 2 * Math.PI * k / arms + 3 * Math.PI * t;
            x[2 * i] = (float) (t * Math.cos(angle) + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (t * Math.sin(angle) + noise * rng.nextGaussian());
            y[i] = k;
        }
        return classification(x, n, 2, y, arms);
    }

    /**
     * 1-D regression with a gap: even rows {@code x ~ U[-1.5, -0.5)}, odd rows {@code x ~ U[0.5, 1.5)},
     * {@code y = sin(3x) + N(0, 0.1^2)}. No input lies in the open gap {@link #regressionGapInterval()}
     * {@code (-0.5, 0.5)}, where a good posterior's epistemic uncertainty should rise.
     */
    public static Dataset regressionGap(int n, long seed) {
        checkRows(n, 2);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            Interval c = i % 2 == 0 ? REGRESSION_GAP_LEFT : REGRESSION_GAP_RIGHT;
            double xi = c.low() + c.width() * rng.nextDouble();
            x[i] = (float) xi;
            y[i] = (float) (regressionGapMean(xi) + REGRESSION_GAP_NOISE_STD * rng.nextGaussian());
        }
        return regression(x, y);
    }

    /** The gap between the two input clusters of {@link #regressionGap}: {@code (-0.5, 0.5)}. */
    public static Interval regressionGapInterval() {
        return new Interval(REGRESSION_GAP_LEFT.high(), REGRESSION_GAP_RIGHT.low());
    }

    /** The middle of the gap, 0: the input furthest from all training data between the clusters. */
    public static double regressionGapMidpoint() {
        return regressionGapInterval().midpoint();
    }

    /** The noise-free regression-gap function {@code sin(3x)}. */
    public static double regressionGapMean(double x) {
        return Math.sin(3 * x);
    }

    /**
     * 1-D regression with input-dependent noise: {@code x ~ U[0, 5)},
     * {@code y = x sin(x) + N(0, s(x)^2)} with {@code s(x) = 0.1 + 0.2 x} (from 0.1 to 1.1).
     */
    public static Dataset heteroscedastic(int n, long seed) {
        checkRows(n, 1);
        SplittableRandom rng = new SplittableRandom(seed);
        Interval r = HETEROSCEDASTIC_RANGE;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double xi = r.low() + r.width() * rng.nextDouble();
            x[i] = (float) xi;
            y[i] = (float) (heteroscedasticMean(xi) + heteroscedasticNoiseStd(xi) * rng.nextGaussian());
        }
        return regression(x, y);
    }

    /** The noise-free heteroscedastic function {@code x sin(x)}. */
    public static double heteroscedasticMean(double x) {
        return x * Math.sin(x);
    }

    /** The true noise standard deviation of {@link #heteroscedastic} at {@code x}: {@code 0.1 + 0.2 x}. */
    public static double heteroscedasticNoiseStd(double x) {
        return 0.1 + 0.2 * x;
    }

    /**
     * {@code m} evenly spaced 1-D inputs from {@code lo} to {@code hi} inclusive, feature {@code x0}, no
     * targets: for plotting and evaluating 1-D models.
     */
    public static Dataset grid(double lo, double hi, int m) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("grid needs finite lo < hi, found " + lo + ", " + hi);
        }
        if (m < 2) {
            throw new IllegalArgumentException("grid needs at least 2 points, found " + m);
        }
        float[] x = new float[m];
        for (int i = 0; i < m; i++) {
            x[i] = (float) (i == m - 1 ? hi : lo + (hi - lo) * i / (m - 1));
        }
        return Dataset.unlabeled(x, m, new int[] {1}, Dataset.defaultFeatureNames(1));
    }

    /** {@code k / (m - 1)} for {@code k = 0..m-1} (numpy's {@code linspace(0, 1, m)}; 0 when m = 1). */
    private static double spaced(int k, int m) {
        return m == 1 ? 0 : (double) k / (m - 1);
    }

    /** A classification table of {@code n} rows of {@code d} features, classes named {@code "0", "1", ...}. */
    static Dataset classification(float[] x, int n, int d, int[] y, int classes) {
        List<String> names = new ArrayList<>(classes);
        for (int k = 0; k < classes; k++) {
            names.add(Integer.toString(k));
        }
        return Dataset.classification(x, n, new int[] {d}, Dataset.defaultFeatureNames(d), y, names, TARGET);
    }

    private static Dataset regression(float[] x, float[] y) {
        return regression(x, 1, y);
    }

    /** A regression table of {@code y.length} rows of {@code d} features {@code x0..}, target {@code y}. */
    static Dataset regression(float[] x, int d, float[] y) {
        return Dataset.regression(x, y.length, new int[] {d}, Dataset.defaultFeatureNames(d), y, TARGET);
    }

    private static void checkRows(int n, int min) {
        if (n < min) {
            throw new IllegalArgumentException("row count must be >= " + min + ", found " + n);
        }
    }

    private static void checkNoise(double noise) {
        if (!(noise >= 0 && Double.isFinite(noise))) {
            throw new IllegalArgumentException("noise must be a finite number >= 0, found " + noise);
        }
    }
}
