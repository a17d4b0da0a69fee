package org.bdl4j.ensemble;

/**
 * One member of a deep ensemble trained apart from the others (on another thread, task or machine) by
 * {@link DeepEnsemble#trainMember}, to be joined by {@link DeepEnsemble#assemble}. Member m is trained
 * exactly as sequential training trains it: initialised from and fed minibatches by its seed
 * s_m = {@code Seeds.derive(seed, m)}.
 *
 * @param index m, from 0
 * @param seed s_m
 * @param parameters its flat weight vector θ_m
 * @param sigmaNoise its fitted Gaussian noise σ_m in network units (NaN unless homoscedastic regression)
 * @param priorPrecision the prior precision λ its training used
 * @param weightDecay the weight decay λ/N
 * @param epochs the epochs it ran
 * @param seconds its training time
 */
public record EnsembleMember(int index, long seed, float[] parameters, double sigmaNoise, double priorPrecision,
        double weightDecay, int epochs, double seconds) implements java.io.Serializable {
    public EnsembleMember {
        if (index < 0) {
            throw new IllegalArgumentException("member index " + index + " < 0");
        }
        parameters = parameters.clone();
    }

    @Override
    public float[] parameters() {
        return parameters.clone();
    }
}
