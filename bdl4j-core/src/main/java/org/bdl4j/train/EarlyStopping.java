package org.bdl4j.train;

/**
 * Early stopping on a validation NLL measured after each epoch: it remembers the best epoch and says
 * when training has gone long enough without a new best. Patience counts epochs when given by the
 * user ({@code --patience N}) and optimiser steps by default ({@value TrainingBudget#PATIENCE_STEPS},
 * the patience of {@link TrainingBudget}), so that 80 rows (one step an epoch) and 60,000 rows (a
 * thousand) wait alike. Whoever trains keeps the best epoch's weights and restores them at the end.
 */
public final class EarlyStopping {
    private final int patienceEpochs;
    private final long patienceSteps;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private long bestStep;

    private EarlyStopping(int patienceEpochs, long patienceSteps) {
        this.patienceEpochs = patienceEpochs;
        this.patienceSteps = patienceSteps;
    }

    /** Stop {@code patience} epochs after the best. */
    public static EarlyStopping afterEpochs(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1 epoch, found " + patience);
        }
        return new EarlyStopping(patience, 0);
    }

    /** Stop {@code patience} optimiser steps after the best. */
    public static EarlyStopping afterSteps(long patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1 step, found " + patience);
        }
        return new EarlyStopping(0, patience);
    }

    /**
     * The stopping rule of a trainer: none without validation rows; the user's epochs if given
     * ({@code patience} above 0; 0 turns it off); by default {@link #afterSteps} with the budget's
     * patience, unless the user fixed the number of epochs.
     *
     * @param patience the user's patience in epochs, or null for the default
     * @return the rule, or null for none
     */
    public static EarlyStopping of(boolean hasValidation, Integer patience, TrainingBudget budget) {
        if (!hasValidation) {
            return null;
        }
        if (patience != null) {
            return patience > 0 ? afterEpochs(patience) : null;
        }
        return budget.fixed() ? null : afterSteps(TrainingBudget.PATIENCE_STEPS);
    }

    /**
     * Records the validation NLL at the end of {@code epoch}, after {@code steps} optimiser steps in
     * all; returns whether it is the best so far (the caller then keeps these weights). A NaN is never
     * the best.
     */
    public boolean record(int epoch, long steps, double nll) {
        if (nll < best) {
            best = nll;
            bestEpoch = epoch;
            bestStep = steps;
            return true;
        }
        return false;
    }

    /** Whether training has gone the patience past the best epoch. */
    public boolean exhausted(int epoch, long steps) {
        return patienceEpochs > 0 ? epoch - bestEpoch >= patienceEpochs : steps - bestStep >= patienceSteps;
    }

    /** The best epoch so far (0 before any). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best validation NLL so far. */
    public double best() {
        return best;
    }
}
