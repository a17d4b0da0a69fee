package org.bdl4j.ensemble;

import java.util.Objects;

/**
 * The settings of a deep ensemble beyond those of each member's training (which a
 * {@link org.bdl4j.train.MapTrainer} gives). Defaults: M = 5 members, {@link EnsembleTraining#AUTO}.
 *
 * @param members the number M of networks
 * @param training sequential, vectorised, or chosen automatically
 */
public record EnsembleOptions(int members, EnsembleTraining training) {
    public static final int DEFAULT_MEMBERS = 5;

    public EnsembleOptions {
        Objects.requireNonNull(training, "training");
        EnsembleMethod.MEMBERS.check(members);
    }

    /** M members trained as {@link EnsembleTraining#AUTO} chooses. */
    public static EnsembleOptions of(int members) {
        return new EnsembleOptions(members, EnsembleTraining.AUTO);
    }

    public static EnsembleOptions defaults() {
        return of(DEFAULT_MEMBERS);
    }

    /** These settings by option name (for model files). */
    public java.util.Map<String, String> settings() {
        return org.bdl4j.options.OptionValues.empty().with(EnsembleMethod.MEMBERS, members)
                .with(EnsembleMethod.TRAINING, training).describe();
    }
}
