package org.bdl4j.train;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How long MAP training runs: a fixed number of epochs, or until the training objective levels off.
 *
 * <p>The default is the second: MAP training looks for the posterior mode, the minimum of
 * L(θ)/N = mean NLL + (λ/2N)‖θ‖², so it runs until that minimum is reached rather than for a number of
 * epochs that means 2 optimiser steps on 80 rows and 17,000 on Fashion-MNIST. The objective is
 * averaged over a window of about {@value #WINDOW_STEPS} steps (whole epochs); training stops once
 * that average has not improved by more than a relative {@value #TOLERANCE} (of |L| + 0.1) for
 * {@value #PATIENCE_STEPS} steps, but never before {@value #MIN_STEPS} steps nor after
 * {@value #MAX_STEPS}. A Laplace approximation, in particular, assumes it expands around a mode.
 */
public final class TrainingBudget {
    /** No run stops before this many optimiser steps. */
    public static final int MIN_STEPS = 1_000;
    /** No run goes beyond this many optimiser steps. */
    public static final int MAX_STEPS = 100_000;
    /** Steps without improvement after which a run has converged. */
    public static final int PATIENCE_STEPS = 1_000;
    /** Steps over which the objective is averaged before comparing. */
    public static final int WINDOW_STEPS = 200;
    /** The relative improvement that counts. */
    public static final double TOLERANCE = 1e-3;

    private static final TrainingBudget CONVERGED = new TrainingBudget(0, MAX_STEPS, null);

    private final int epochs; // 0: until converged
    private final int maxSteps;
    private final String origin;

    private TrainingBudget(int epochs, int maxSteps, String origin) {
        this.epochs = epochs;
        this.maxSteps = maxSteps;
        this.origin = origin;
    }

    /** Exactly {@code n} epochs. */
    public static TrainingBudget epochs(int n) {
        TrainingOptions.EPOCHS.check(n);
        return new TrainingBudget(n, MAX_STEPS, null);
    }

    /** Exactly {@code n} epochs, a number chosen as {@code origin} says (e.g. "by 5-fold cross-validation"). */
    public static TrainingBudget epochs(int n, String origin) {
        TrainingOptions.EPOCHS.check(n);
        return new TrainingBudget(n, MAX_STEPS, java.util.Objects.requireNonNull(origin, "origin"));
    }

    /** Until the training objective levels off (see the class comment). */
    public static TrainingBudget untilConverged() {
        return CONVERGED;
    }

    /** Until the objective levels off, but at most {@code maxSteps} (at least {@value #MIN_STEPS}) steps. */
    public static TrainingBudget untilConverged(int maxSteps) {
        if (maxSteps < MIN_STEPS) {
            throw new IllegalArgumentException("maxSteps must be >= " + MIN_STEPS + ", found " + maxSteps);
        }
        return new TrainingBudget(0, maxSteps, null);
    }

    /** Whether the number of epochs is fixed. */
    public boolean fixed() {
        return epochs > 0;
    }

    /** The largest number of epochs of a run with {@code batchesPerEpoch} steps per epoch. */
    public int maxEpochs(int batchesPerEpoch) {
        return fixed() ? epochs : (maxSteps + batchesPerEpoch - 1) / batchesPerEpoch;
    }

    /** How the budget reads in a model file and progress: {@code 20} or {@code auto}. */
    public String describe() {
        return fixed() ? Integer.toString(epochs) : "auto";
    }

    /** How a fixed number of epochs was chosen, when the library chose it. */
    public java.util.Optional<String> origin() {
        return java.util.Optional.ofNullable(origin);
    }

    /** A tracker of one run with {@code batchesPerEpoch} steps per epoch. */
    public Run start(int batchesPerEpoch) {
        return new Run(batchesPerEpoch);
    }

    @Override
    public String toString() {
        return fixed() ? epochs + " epochs" + (origin == null ? "" : " (" + origin + ")") : "until converged";
    }

    /** One training run's progress against the budget. */
    public final class Run {
        private final int batches;
        private final int windowEpochs;
        private final Deque<Double> window = new ArrayDeque<>();
        private double windowSum;
        private long steps;
        private double best = Double.POSITIVE_INFINITY;
        private long lastImprovement;

        private Run(int batchesPerEpoch) {
            this.batches = batchesPerEpoch;
            this.windowEpochs = Math.max(1, WINDOW_STEPS / batchesPerEpoch);
        }

        /**
         * Records the end of {@code epoch} with the mean training objective over it; returns whether
         * training stops here.
         */
        public boolean done(int epoch, double objective) {
            steps += batches;
            if (fixed()) {
                return epoch >= epochs;
            }
            window.addLast(objective);
            windowSum += objective;
            if (window.size() > windowEpochs) {
                windowSum -= window.removeFirst();
            }
            if (window.size() == windowEpochs) {
                double mean = windowSum / windowEpochs;
                if (best == Double.POSITIVE_INFINITY || mean < best - TOLERANCE * (Math.abs(best) + 0.1)) {
                    best = mean;
                    lastImprovement = steps;
                }
            }
            boolean stalled = steps - lastImprovement >= PATIENCE_STEPS;
            return steps >= maxSteps || (steps >= MIN_STEPS && stalled) || !Double.isFinite(objective);
        }

        /** Optimiser steps taken so far. */
        public long steps() {
            return steps;
        }
    }
}
