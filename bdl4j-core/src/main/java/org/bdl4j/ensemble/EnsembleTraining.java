package org.bdl4j.ensemble;

import org.bdl4j.options.EnumNames;

/** How the members of a deep ensemble are trained. Both give statistically equivalent members. */
public enum EnsembleTraining {
    /**
     * One after the other, each by {@link org.bdl4j.train.MapTrainer} on its own network: any
     * architecture, early stopping per member.
     */
    SEQUENTIAL,
    /**
     * All members of an MLP at once in stacked weight tensors, one batched forward/backward per step
     * (see {@code StackedMlp}): small networks stop paying M times the per-operation overhead. No
     * early stopping.
     */
    VECTORIZED,
    /** {@link #VECTORIZED} for MLPs without early stopping, else {@link #SEQUENTIAL}. */
    AUTO;

    public String cliName() {
        return EnumNames.of(this);
    }

    /** Parses {@code sequential|vectorized|auto}, naming the value found on failure. */
    public static EnsembleTraining parse(String text) {
        return EnumNames.parse(EnsembleTraining.class, text, "ensemble-training");
    }
}
