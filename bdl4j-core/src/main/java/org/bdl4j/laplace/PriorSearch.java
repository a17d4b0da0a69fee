package org.bdl4j.laplace;

/**
 * How the command line asks for the prior precision of a Laplace posterior to be chosen (see
 * {@link PriorPrecision} for the Java API).
 */
public enum PriorSearch {
    /** One λ maximising the log marginal likelihood. */
    MARGLIK,
    /** One λ per layer maximising the log marginal likelihood. */
    MARGLIK_LAYERWISE,
    /** The λ of a log-uniform grid with the smallest validation NLL. */
    GRIDSEARCH
}
