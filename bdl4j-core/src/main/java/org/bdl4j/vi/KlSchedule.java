package org.bdl4j.vi;

/**
 * The weight β_t of the KL term at optimisation step t = 0, 1, 2, ... (0-based over the whole run):
 * a linear warm-up (KL annealing; Bowman et al. 2016, Sønderby et al. 2016) from 0 to the final
 * weight β over T steps, then constant:
 *
 * <pre>
 *   β_t = β · min(1, t / T)     (T = 0: β_t = β from the first step).
 * </pre>
 *
 * A warm-up of W epochs of b minibatches is T = W·b: the first step of the run has weight 0 and
 * the first step of epoch W + 1 (1-based) has the final weight. β = 1 is the ELBO; β &lt; 1 a
 * tempered one.
 *
 * @param weight the final weight β ≥ 0
 * @param warmupSteps T ≥ 0
 */
public record KlSchedule(double weight, long warmupSteps) {

    public KlSchedule {
        if (!(weight >= 0 && Double.isFinite(weight))) {
            throw new IllegalArgumentException("KL weight must be >= 0, found " + weight);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("KL warm-up steps must be >= 0, found " + warmupSteps);
        }
    }

    /** β_t. */
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, found " + step);
        }
        return warmupSteps == 0 ? weight : weight * Math.min(1.0, (double) step / warmupSteps);
    }
}
