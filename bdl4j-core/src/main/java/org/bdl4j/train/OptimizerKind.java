package org.bdl4j.train;

import org.bdl4j.options.EnumNames;

/** The first-order optimisers MAP training offers. */
public enum OptimizerKind {
    /** Adam (Kingma &amp; Ba 2015) with coupled L2 weight decay (added to the gradient). */
    ADAM,
    /** Stochastic gradient descent with heavy-ball momentum and coupled weight decay. */
    SGD;

    public static OptimizerKind parse(String text) {
        return EnumNames.parse(OptimizerKind.class, text, "optimizer");
    }
}
