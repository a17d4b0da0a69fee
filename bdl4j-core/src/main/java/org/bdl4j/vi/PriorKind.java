package org.bdl4j.vi;

/** The family of a VI prior as a user names it; its parameters are options of their own. */
public enum PriorKind {
    /** N(0, σ_p²) on every weight ({@link GaussianPrior}). */
    GAUSSIAN,
    /** Blundell et al.'s π N(0, σ1²) + (1 − π) N(0, σ2²) ({@link ScaleMixturePrior}). */
    MIXTURE
}
