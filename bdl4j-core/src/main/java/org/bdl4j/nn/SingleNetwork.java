package org.bdl4j.nn;

/**
 * A posterior built on one trained network: the MAP, MC dropout (the same weights with dropout kept on),
 * Laplace (a Gaussian around them). Its weights θ are what a warm start continues training from (e.g.
 * the next round of active learning, {@code FitRequest.withInitialParameters}).
 */
public interface SingleNetwork {

    /** The trained network (owned by the posterior). */
    Network network();
}
