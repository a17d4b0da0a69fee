package org.bdl4j.train;

import java.util.Locale;

/** The first-order optimisers MAP training offers. */
public enum OptimizerKind {
    /** Adam (Kingma &amp; Ba 2015) with coupled L2 weight decay (added to the gradient). */
    ADAM,
    /** Stochastic gradient descent with heavy-ball momentum and coupled weight decay. */
    SGD;

    public static OptimizerKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("optimizer must be 'adam' or 'sgd', found '" + text + "'");
        }
    }
}
