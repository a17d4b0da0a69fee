package org.bdl4j.method;

/**
 * Whether features (and regression targets) are standardised on the training rows: the statistics
 * are saved with the model, so predictions take and return the user's units.
 */
public enum Standardization {
    /** Standardise features, and the target for regression. */
    AUTO,
    /** Use the values as they are. */
    NONE
}
