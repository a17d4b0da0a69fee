package org.bdl4j.dropout;

import org.bdl4j.options.EnumNames;

/**
 * How the T stochastic forward passes of MC dropout are computed. All three draw from the same
 * predictive of every input row: each pass keeps a unit with probability 1 - p and scales it by
 * 1/(1 - p) (inverted dropout), independently across passes and layers. They differ in cost and in
 * whether the rows of one pass share their masks.
 */
public enum SamplingMode {
    /**
     * T separate forward calls of the whole network with {@link org.bdl4j.nn.AlwaysOnDropout}: masks
     * drawn per row and pass. The plain loop a user would write; kept for comparison.
     */
    LOOP,
    /**
     * The layers before the first dropout run once per row; their output is repeated T times along
     * the batch axis ([T·B, ...]) and the rest of the network runs on that in one large forward
     * (a few, memory-bounded), with {@link org.bdl4j.nn.AlwaysOnDropout} drawing a mask per row and
     * pass. Saves the shared layers' T-fold cost, but pays one Bernoulli draw per unit, row and pass.
     */
    BATCHED_PER_ROW,
    /**
     * As {@link #BATCHED_PER_ROW}, but each pass draws one mask per dropout layer, shared by all the
     * rows of the pass: pass t evaluates the network at one weight sample θ_t = (diag(z_1^t) W_1, ...)
     * exactly as in Gal &amp; Ghahramani (2016, eq. 8). The predictive of each single row is the same
     * as with per-row masks; the random draws shrink from T·B·units to T·units per layer, and the
     * first mask both repeats and masks the shared activation in one broadcast multiply. The T masks
     * are drawn once per call, so a row's predictive depends on the seed alone, not on the rows
     * predicted with it (a Spark partition's batches give what one call on all rows gives). When the
     * passes drop few units, the first dropout and the Linear layer after it run through the dropped
     * units (the shared product once, a correction per pass over the dropped columns). The default.
     */
    BATCHED;

    /** The lower-case name with dashes, e.g. {@code batched-per-row}. */
    public String cliName() {
        return EnumNames.of(this);
    }

    /** Parses {@link #cliName()}, naming the value found on failure. */
    public static SamplingMode parse(String text) {
        return EnumNames.parse(SamplingMode.class, text, "sampling");
    }
}
