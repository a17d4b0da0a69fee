package org.bdl4j.ensemble;

import org.bdl4j.options.EnumNames;

/** How the members of a deep ensemble are trained. Both give statistically equivalent members. */
public enum EnsembleTraining {
    /**
     * Each member by {@link org.bdl4j.train.MapTrainer} on its own network: any architecture, early
     * stopping per member. The members run on the workers of {@link org.bdl4j.nn.TaskPool}, several at
     * once when the process has more than one intra-op thread (one after the other otherwise); a member
     * depends only on its seed, so the ensemble does not depend on the number of workers.
     */
    SEQUENTIAL,
    /**
     * All members of an MLP at once in stacked weight tensors, one batched forward/backward per step
     * (see {@code StackedMlp}): small networks stop paying M times the per-operation overhead. No
     * early stopping.
     */
    VECTORIZED,
    /**
     * {@link #VECTORIZED} for an MLP whose minibatch steps are small
     * ({@link org.bdl4j.nn.IntraOpThreads#smallStep}) or when {@link org.bdl4j.nn.TaskPool} has one
     * worker; otherwise {@link #SEQUENTIAL}, the members apart and at once on the workers (faster for
     * W1-sized networks, slower for small ones).
     */
    AUTO;

    public String cliName() {
        return EnumNames.of(this);
    }

    /** Parses {@code sequential|vectorized|auto}, naming the value found on failure. */
    public static EnsembleTraining parse(String text) {
        return EnumNames.parse(EnsembleTraining.class, text, "ensemble-training");
    }
}
