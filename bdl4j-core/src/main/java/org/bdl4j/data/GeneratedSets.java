package org.bdl4j.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generated data sets of the sizes users bring (100 to 5,000 training rows, 1 to 50 features, 2
 * to 20 classes, and regression), each with test and out-of-distribution rows, for measuring methods
 * with their defaults (the bench's {@code BATTERY}). Pure Java: the same name gives the same tables on
 * every JVM.
 *
 * <p>The processes and their formulas are those of {@link SetFamily}:
 * <ul>
 *   <li>{@code blobs-nN-dD-cC}: Gaussian blobs, class means μ_k ~ N(0, (9/D) I), scales σ_k ~ U[0.5, 1.5),
 *       x = μ_y + σ_y ε, classes equally likely;
 *   <li>{@code imbalanced-nN-cC}: blobs in 5 dimensions with class probabilities ∝ 10^(−k) (90/9/1 % for
 *       C = 3);
 *   <li>{@code labelnoise-nN-cC}: blobs in 5 dimensions with 10 % of the labels flipped to another class
 *       (test labels too);
 *   <li>{@code moons-nN[-dD]}, {@code spirals-nN-cC[-dD]}: {@link ToyData#twoMoons} and
 *       {@link ToyData#spirals} in x₀, x₁, plus D − 2 features of N(0, 1) noise;
 *   <li>{@code sine-homo-nN} y = sin(2x) + 0.2 ε and {@code sine-hetero-nN} y = sin(2x) + (0.05 + 0.1 (x + 3)) ε
 *       on x ~ U[−3, 3); {@code cubic-homo-nN} y = x³ + 3 ε and {@code cubic-hetero-nN}
 *       y = x³ + (0.5 + 1.5 |x|) ε on x ~ U[−4, 4);
 *   <li>{@code gap-nN}: y = sin(3x) + 0.1 ε with training x in [−1.5, −0.5) ∪ [0.5, 1.5) and test x in
 *       [−1.5, 1.5), the gap (−0.5, 0.5) included;
 *   <li>{@code linear-nN-dD}: x ~ N(0, I), y = wᵀx / √D + b + 0.5 ε with w ~ N(0, I), b ~ N(0, 1);
 *   <li>{@code nonlinear-nN-dD}: Friedman's first function, x ~ U[0, 1)^D,
 *       y = 10 sin(π x₀ x₁) + 20 (x₂ − 0.5)² + 10 x₃ + 5 x₄ + ε.
 * </ul>
 *
 * <p>Every set has N training rows, {@value #TEST_ROWS} test rows from the same process and
 * {@value #TEST_ROWS} OOD rows: the test inputs shifted by {@value #OOD_SHIFT_SDS} training standard
 * deviations along a random unit direction u, x + 10 (s ⊙ u) with s the training features' standard
 * deviations (a shift of length 10 in standardised units).
 *
 * <p>Seeds: a set's seed is the FNV-1a hash of its name ({@link SetSpec#seed()}). From
 * {@code SplittableRandom(seed)} four generators are split in this order: the structure (means, scales,
 * weights), the training rows, the test rows and the OOD direction.
 */
public final class GeneratedSets {
    /** Test rows of every generated set. */
    public static final int TEST_ROWS = 500;
    /** How far the OOD rows are shifted, in training standard deviations. */
    public static final double OOD_SHIFT_SDS = 10;
    /** The features of the imbalanced and label-noise blobs. */
    public static final int BLOB_VARIANT_FEATURES = 5;

    private static final List<SetSpec> ALL = List.of(
            blobs(100, 2, 2), blobs(100, 2, 3), blobs(500, 1, 2), blobs(500, 5, 3), blobs(500, 10, 5),
            blobs(2000, 10, 10), blobs(2000, 50, 20), blobs(5000, 50, 10),
            moons(100, 2), moons(500, 10), spirals(500, 3, 2), spirals(2000, 5, 5),
            imbalanced(500, 2), imbalanced(2000, 3), labelNoise(500, 2), labelNoise(2000, 5),
            sine(100, false), sine(2000, false), sine(200, true), cubic(500, false), cubic(2000, true),
            gap(100), gap(500), linear(100, 5), linear(1000, 20), nonlinear(500, 10), nonlinear(5000, 20));

    /** Four small sets, one of each kind: binary, multi-class, regression with a gap, heteroscedastic. */
    private static final List<String> SMOKE = List.of("moons-n100", "blobs-n100-d2-c3", "gap-n100", "sine-hetero-n200");

    private GeneratedSets() {}

    /** Every set of the list, classification first. */
    public static List<SetSpec> all() {
        return ALL;
    }

    /** A few small sets for smoke checks: moons-n100, blobs-n100-d2-c3, gap-n100, sine-hetero-n200. */
    public static List<SetSpec> smoke() {
        return SMOKE.stream().map(GeneratedSets::named).toList();
    }

    /**
     * The set of the list called {@code name}.
     *
     * @throws DataException for a name not in the list, listing the names
     */
    public static SetSpec named(String name) {
        for (SetSpec s : ALL) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new DataException("no generated set " + DataException.quote(name) + " (known: "
                + String.join(", ", ALL.stream().map(SetSpec::name).toList()) + ")");
    }

    /** The training, test and OOD rows of {@code spec} (see the class comment for the seeds). */
    public static EvaluationSet generate(SetSpec spec) {
        SplittableRandom root = new SplittableRandom(spec.seed());
        RowProcess process = spec.family().process(spec, root.split());
        Origin origin = new Origin("generated:" + spec.name(), null);
        Dataset train = process.train(spec.trainRows(), root.split()).withOrigin(origin);
        Dataset test = process.test(TEST_ROWS, root.split()).withOrigin(origin);
        Dataset ood = OodShift.apply(test, train, OOD_SHIFT_SDS, root.split());
        return new EvaluationSet(spec.name(), train, test, ood, "test inputs shifted by " + (int) OOD_SHIFT_SDS
                + " training standard deviations along a random direction", process.gap(), spec.seed());
    }

    /** Gaussian blobs, equally likely classes: {@code blobs-nN-dD-cC}. */
    public static SetSpec blobs(int n, int d, int classes) {
        return new SetSpec("blobs-n" + n + "-d" + d + "-c" + classes, SetFamily.BLOBS, n, d, classes);
    }

    /** Blobs in {@value #BLOB_VARIANT_FEATURES} dimensions, class probabilities ∝ 10^(−k): {@code imbalanced-nN-cC}. */
    public static SetSpec imbalanced(int n, int classes) {
        return new SetSpec("imbalanced-n" + n + "-c" + classes, SetFamily.IMBALANCED, n, BLOB_VARIANT_FEATURES,
                classes);
    }

    /** Blobs in {@value #BLOB_VARIANT_FEATURES} dimensions, 10 % of labels flipped: {@code labelnoise-nN-cC}. */
    public static SetSpec labelNoise(int n, int classes) {
        return new SetSpec("labelnoise-n" + n + "-c" + classes, SetFamily.LABEL_NOISE, n, BLOB_VARIANT_FEATURES,
                classes);
    }

    /** Two moons in D ≥ 2 dimensions: {@code moons-nN}, or {@code moons-nN-dD} for D > 2. */
    public static SetSpec moons(int n, int d) {
        return new SetSpec("moons-n" + n + (d == 2 ? "" : "-d" + d), SetFamily.MOONS, n, d, 2);
    }

    /** Spirals with C arms in D ≥ 2 dimensions: {@code spirals-nN-cC}, or {@code spirals-nN-dD-cC} for D > 2. */
    public static SetSpec spirals(int n, int classes, int d) {
        return new SetSpec("spirals-n" + n + (d == 2 ? "" : "-d" + d) + "-c" + classes, SetFamily.SPIRALS, n, d,
                classes);
    }

    /** y = sin(2x) with homoscedastic ({@code sine-homo-nN}) or heteroscedastic ({@code sine-hetero-nN}) noise. */
    public static SetSpec sine(int n, boolean heteroscedastic) {
        return new SetSpec("sine-" + (heteroscedastic ? "hetero" : "homo") + "-n" + n,
                heteroscedastic ? SetFamily.SINE_HETEROSCEDASTIC : SetFamily.SINE, n, 1, 0);
    }

    /** y = x³ with homoscedastic ({@code cubic-homo-nN}) or heteroscedastic ({@code cubic-hetero-nN}) noise. */
    public static SetSpec cubic(int n, boolean heteroscedastic) {
        return new SetSpec("cubic-" + (heteroscedastic ? "hetero" : "homo") + "-n" + n,
                heteroscedastic ? SetFamily.CUBIC_HETEROSCEDASTIC : SetFamily.CUBIC, n, 1, 0);
    }

    /** 1-D regression with a gap in the training inputs: {@code gap-nN}. */
    public static SetSpec gap(int n) {
        return new SetSpec("gap-n" + n, SetFamily.GAP, n, 1, 0);
    }

    /** Linear regression in D dimensions: {@code linear-nN-dD}. */
    public static SetSpec linear(int n, int d) {
        return new SetSpec("linear-n" + n + "-d" + d, SetFamily.LINEAR, n, d, 0);
    }

    /** Friedman's first function in D ≥ 5 dimensions: {@code nonlinear-nN-dD}. */
    public static SetSpec nonlinear(int n, int d) {
        return new SetSpec("nonlinear-n" + n + "-d" + d, SetFamily.NONLINEAR, n, d, 0);
    }
}
