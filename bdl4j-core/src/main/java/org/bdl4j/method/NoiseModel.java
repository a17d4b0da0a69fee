package org.bdl4j.method;

import org.bdl4j.Likelihood;
import org.bdl4j.data.Task;

/** The regression noise a user asks for; classification always has the categorical likelihood. */
public enum NoiseModel {
    /** One noise σ for every input ({@link Likelihood#GAUSSIAN}). */
    HOMOSCEDASTIC,
    /** An input-dependent σ²(x) from a second output ({@link Likelihood#HETEROSCEDASTIC_GAUSSIAN}). */
    HETEROSCEDASTIC;

    /** The likelihood of a {@code task} under this noise model. */
    public Likelihood likelihood(Task task) {
        if (task == Task.CLASSIFICATION) {
            return Likelihood.CATEGORICAL;
        }
        return this == HOMOSCEDASTIC ? Likelihood.GAUSSIAN : Likelihood.HETEROSCEDASTIC_GAUSSIAN;
    }
}
