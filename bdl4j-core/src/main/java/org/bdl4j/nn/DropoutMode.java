package org.bdl4j.nn;

/** When the dropout layers of a network drop units. */
public enum DropoutMode {
    /** Only while training (inverted dropout); the identity at prediction: ordinary MAP networks. */
    STANDARD,
    /**
     * Always, also at prediction, while every other layer stays in evaluation mode: the stochastic
     * forward pass of MC dropout (Gal &amp; Ghahramani 2016). See {@link AlwaysOnDropout}.
     */
    ALWAYS_ON
}
