package org.bdl4j.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The generating processes of {@link GeneratedSets}, each with its formula. d is the spec's feature
 * count, C its class count; ε is a standard normal draw, fresh for every row.
 */
public enum SetFamily {
    /**
     * Gaussian blobs with uniform class probabilities: class k has mean μ_k ~ N(0, (9/d) I_d) and scale
     * σ_k ~ U[0.5, 1.5) (drawn once per set); a row has y uniform on the C classes and x = μ_y + σ_y ε.
     */
    BLOBS(Task.CLASSIFICATION),
    /** {@link #BLOBS} with class probabilities π_k ∝ 10^(−k): 90.9/9.1 % (C = 2), 90.0/9.0/0.9 % (C = 3). */
    IMBALANCED(Task.CLASSIFICATION),
    /**
     * {@link #BLOBS} whose labels are flipped with probability {@value #LABEL_FLIP} to one of the other
     * classes, uniformly; test labels too (the test rows follow the training distribution).
     */
    LABEL_NOISE(Task.CLASSIFICATION),
    /** {@link ToyData#twoMoons} (noise 0.1) in x₀, x₁, and d − 2 features of N(0, 1) noise. */
    MOONS(Task.CLASSIFICATION),
    /** {@link ToyData#spirals} with C arms (noise 0.05) in x₀, x₁, and d − 2 features of N(0, 1) noise. */
    SPIRALS(Task.CLASSIFICATION),
    /** x ~ U[−3, 3), y = sin(2x) + 0.2 ε. */
    SINE(Task.REGRESSION),
    /** x ~ U[−3, 3), y = sin(2x) + s(x) ε with s(x) = 0.05 + 0.1 (x + 3), from 0.05 to 0.65. */
    SINE_HETEROSCEDASTIC(Task.REGRESSION),
    /** x ~ U[−4, 4), y = x³ + 3 ε (Hernández-Lobato &amp; Adams 2015). */
    CUBIC(Task.REGRESSION),
    /** x ~ U[−4, 4), y = x³ + s(x) ε with s(x) = 0.5 + 1.5 |x|, from 0.5 to 6.5. */
    CUBIC_HETEROSCEDASTIC(Task.REGRESSION),
    /**
     * The process of {@link ToyData#regressionGap}: training x uniform on [−1.5, −0.5) (even rows) or
     * [0.5, 1.5) (odd rows), y = sin(3x) + 0.1 ε; test x ~ U[−1.5, 1.5), a third of it in the gap
     * (−0.5, 0.5) where no training row lies.
     */
    GAP(Task.REGRESSION),
    /**
     * w ~ N(0, I_d) and b ~ N(0, 1) drawn once per set; x ~ N(0, I_d), y = wᵀx / √d + b + 0.5 ε.
     */
    LINEAR(Task.REGRESSION),
    /**
     * Friedman's first function (d ≥ 5): x ~ U[0, 1)^d,
     * y = 10 sin(π x₀ x₁) + 20 (x₂ − 0.5)² + 10 x₃ + 5 x₄ + ε; x₅.. are irrelevant.
     */
    NONLINEAR(Task.REGRESSION);

    /** The label-flip probability of {@link #LABEL_NOISE}. */
    public static final double LABEL_FLIP = 0.1;

    private static final ToyData.Interval SINE_RANGE = new ToyData.Interval(-3, 3);
    private static final ToyData.Interval CUBIC_RANGE = new ToyData.Interval(-4, 4);

    private final Task task;

    SetFamily(Task task) {
        this.task = task;
    }

    /** Classification or regression. */
    public Task task() {
        return task;
    }

    /** The process of {@code spec}, its structure (means, weights) drawn from {@code structure}. */
    RowProcess process(SetSpec spec, SplittableRandom structure) {
        int d = spec.features();
        int c = spec.classes();
        return switch (this) {
            case BLOBS -> new BlobProcess(d, BlobProcess.uniformPriors(c), 0, structure);
            case IMBALANCED -> new BlobProcess(d, BlobProcess.tenfoldPriors(c), 0, structure);
            case LABEL_NOISE -> new BlobProcess(d, BlobProcess.uniformPriors(c), LABEL_FLIP, structure);
            case MOONS -> new EmbeddedToyProcess(d, (n, seed) -> ToyData.twoMoons(n, ToyData.DEFAULT_MOONS_NOISE,
                    seed));
            case SPIRALS -> new EmbeddedToyProcess(d, (n, seed) -> ToyData.spirals(n, c, ToyData.DEFAULT_SPIRAL_NOISE,
                    seed));
            case SINE -> CurveProcess.on(SINE_RANGE, x -> Math.sin(2 * x), x -> 0.2);
            case SINE_HETEROSCEDASTIC -> CurveProcess.on(SINE_RANGE, x -> Math.sin(2 * x), x -> 0.05 + 0.1 * (x + 3));
            case CUBIC -> CurveProcess.on(CUBIC_RANGE, x -> x * x * x, x -> 3.0);
            case CUBIC_HETEROSCEDASTIC -> CurveProcess.on(CUBIC_RANGE, x -> x * x * x, x -> 0.5 + 1.5 * Math.abs(x));
            case GAP -> new CurveProcess(ToyData::regressionGapMean, x -> ToyData.REGRESSION_GAP_NOISE_STD,
                    List.of(ToyData.REGRESSION_GAP_LEFT, ToyData.REGRESSION_GAP_RIGHT),
                    new ToyData.Interval(ToyData.REGRESSION_GAP_LEFT.low(), ToyData.REGRESSION_GAP_RIGHT.high()),
                    ToyData.regressionGapInterval());
            case LINEAR -> new LinearProcess(d, structure);
            case NONLINEAR -> new FriedmanProcess(d);
        };
    }
}
