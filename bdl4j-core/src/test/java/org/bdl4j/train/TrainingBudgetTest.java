package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The default budget runs until the objective levels off: not before {@value TrainingBudget#MIN_STEPS}
 * steps, {@value TrainingBudget#PATIENCE_STEPS} steps after the last improvement of its windowed mean,
 * never beyond {@value TrainingBudget#MAX_STEPS}; a fixed budget runs its epochs. Objectives here are
 * synthetic sequences whose stopping step follows from the rule by hand.
 */
class TrainingBudgetTest {

    /** Steps until the run stops on the objective {@code f(step)}. */
    private static long stopsAfter(TrainingBudget budget, int batches, java.util.function.LongToDoubleFunction f) {
        TrainingBudget.Run run = budget.start(batches);
        for (int epoch = 1; epoch <= budget.maxEpochs(batches); epoch++) {
            if (run.done(epoch, f.applyAsDouble((long) epoch * batches))) {
                return run.steps();
            }
        }
        return run.steps();
    }

    @Test
    void aFixedBudgetRunsItsEpochs() {
        assertThat(stopsAfter(TrainingBudget.epochs(7), 3, s -> 1.0 / s)).isEqualTo(21);
        assertThat(TrainingBudget.epochs(7).describe()).isEqualTo("7");
        assertThatThrownBy(() -> TrainingBudget.epochs(0)).hasMessage("epochs must be >= 1, found 0");
    }

    /**
     * An objective that falls until step 3,000 and is flat after: with 10 batches per epoch the window
     * mean (20 epochs) last improves by more than the tolerance shortly after step 3,000, so the run
     * stops between 4,000 and 4,200 steps.
     */
    @Test
    void itStopsOnceTheObjectiveLevelsOff() {
        long stop = stopsAfter(TrainingBudget.untilConverged(), 10, s -> s < 3000 ? 1 - s / 3000.0 : 0);
        assertThat(stop).isBetween(4000L, 4200L);
    }

    /**
     * A flat objective: the first full window (200 steps) sets the best value, which never improves, so the
     * run stops {@value TrainingBudget#PATIENCE_STEPS} steps later, at 1,200 (at least the minimum).
     */
    @Test
    void itNeverStopsBeforeTheMinimumNorAfterTheMaximum() {
        long flat = stopsAfter(TrainingBudget.untilConverged(), 2, s -> 1.0);
        assertThat(flat).isEqualTo(TrainingBudget.WINDOW_STEPS + TrainingBudget.PATIENCE_STEPS)
                .isGreaterThanOrEqualTo(TrainingBudget.MIN_STEPS);
        // falling by 0.01 a step, far more than the tolerance (about 1e-3 of the value): capped
        assertThat(stopsAfter(TrainingBudget.untilConverged(), 50, s -> 1000 - 0.01 * s))
                .isEqualTo(TrainingBudget.MAX_STEPS);
    }
}
