package org.bdl4j.vi;

import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.options.EnumNames;

/**
 * Where the variational posterior q = N(μ, diag σ²) starts. Every variant is given the MAP network
 * {@link Vi#fit} starts from (its structure, data schema and Gaussian noise σ are used in any case).
 */
public enum ViInit {
    /** μ = the MAP weights, σ = σ₀ ({@link Vi.Builder#optInitialSigma}) for every parameter. */
    MAP,
    /**
     * MOPED (Krishnan, Subedar &amp; Tickoo, AAAI 2020): μ = w_MAP and σ = δ·|w_MAP| per parameter
     * ({@link Vi.Builder#optMopedDelta}, default δ = 0.1), stored as ρ = softplus⁻¹(σ). A weight
     * whose δ·|w| is below {@value #MIN_SIGMA} (e.g. a bias still at 0) starts at that floor, which
     * keeps ρ finite and σ² a normal float. The prior is not moved: it stays the one given (centred at
     * 0), so that VI keeps the same model (likelihood and prior) as the MAP, Laplace and MCMC fits;
     * MOPED's optional prior centred at w_MAP would count the data twice.
     */
    MOPED,
    /**
     * μ = a fresh network's initial weights drawn with the seed (PyTorch's default U(±1/√fan_in)
     * for weights, 0 for biases; {@link org.bdl4j.nn.Networks}), σ = σ₀.
     */
    RANDOM;

    /** The floor of MOPED's initial σ. */
    public static final double MIN_SIGMA = 1e-8;

    /** The initial (μ, σ) as flat vectors in the network's parameter order. */
    float[][] meanAndStd(Network map, double initialSigma, double mopedDelta, long seed) {
        float[] mean = this == RANDOM ? randomWeights(map.spec(), map, seed) : map.parameters();
        float[] std = new float[mean.length];
        for (int i = 0; i < std.length; i++) {
            std[i] = (float) (this == MOPED ? Math.max(mopedDelta * Math.abs(mean[i]), MIN_SIGMA) : initialSigma);
        }
        return new float[][] {mean, std};
    }

    private static float[] randomWeights(NetworkSpec spec, Network like, long seed) {
        try (Network fresh = Network.create(spec, DropoutMode.STANDARD, seed, like.device())) {
            return fresh.parameters();
        }
    }

    public String cliName() {
        return EnumNames.of(this);
    }

    public static ViInit parse(String text) {
        return EnumNames.parse(ViInit.class, text, "init");
    }
}
