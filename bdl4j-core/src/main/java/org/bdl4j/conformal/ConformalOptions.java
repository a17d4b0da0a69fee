package org.bdl4j.conformal;

import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.Rule;

/** The options of split conformal prediction as descriptors: their rules are checked here once. */
public final class ConformalOptions {
    /** The miscoverage α: sets cover with probability at least 1 − α. */
    public static final OptionDescriptor<Double> ALPHA = OptionDescriptor.number("alpha", null)
            .withRule(Rule.interval(0, false, 1, false)).withLabel("A");
    /** RAPS: the number of top ranks without penalty. */
    public static final OptionDescriptor<Integer> K_REG = OptionDescriptor.integer("k-reg", 1)
            .withRule(Rule.atLeast(0)).withLabel("K");
    /** RAPS: the penalty per rank beyond k-reg. */
    public static final OptionDescriptor<Double> LAMBDA = OptionDescriptor.number("lambda", 0.01)
            .withRule(Rule.atLeast(0.0)).withLabel("L");
    /** The name of a classification score: lac, aps or raps. */
    public static final String SCORE = "score";

    private ConformalOptions() {}
}
