package org.bdl4j.vi;

import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.CurvatureSweep;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.curvature.DiagCurvature;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.options.EnumNames;

/**
 * Where the variational posterior q = N(μ, diag σ²) starts. Every variant is given the MAP network
 * {@link Vi#fit} starts from (its structure, data schema and Gaussian noise σ are used in any case).
 */
public enum ViInit {
    /**
     * μ = w_MAP and σ_i = (λ + h_i)^(-1/2), with h the diagonal of the generalised Gauss-Newton
     * matrix Σ_n J_nᵀ Λ_n J_n over the training set at the MAP and λ the prior's precision: the
     * fully factorised Gaussian closest in KL(q ‖ ·) to the Laplace approximation N(w_MAP, (H + λI)⁻¹),
     * since for a Gaussian target of precision Λ the optimal mean-field factors have variance 1/Λ_ii
     * (Bishop 2006, §10.1.2; MacKay 2003, §33). The default: q starts where the ELBO's quadratic
     * approximation has its optimum, so training refines it instead of growing σ from a tiny σ₀ (which
     * at Adam's step of about lr per step needs thousands of steps, and on a small data set never gets
     * there). Parameters outside the Linear and Conv2d layers (none in a {@link NetworkSpec}) take σ₀.
     *
     * <p>Sampled through the network (not its linearisation) this q can predict far worse than the
     * MAP (Immer, Korzepa &amp; Bauer 2021): with validation rows {@link Vi} therefore scales every σ_i by
     * the c ∈ {1, 1/2, ..., 1/1024} of smallest validation NLL ({@link ViValidation#bestScale}) before
     * training.
     */
    LAPLACE,
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

    /**
     * The initial (μ, σ) as flat vectors in the network's parameter order; {@code curvature} is used by
     * {@link #LAPLACE} only.
     */
    float[][] meanAndStd(Network map, double initialSigma, double mopedDelta, long seed, Curvature curvature) {
        float[] mean = this == RANDOM ? randomWeights(map.spec(), map, seed) : map.parameters();
        float[] std = new float[mean.length];
        for (int i = 0; i < std.length; i++) {
            std[i] = (float) (this == MOPED ? Math.max(mopedDelta * Math.abs(mean[i]), MIN_SIGMA) : initialSigma);
        }
        if (this == LAPLACE) {
            curvature.diagonalLaplaceStd(map, std);
        }
        return new float[][] {mean, std};
    }

    /**
     * What {@link #LAPLACE} needs: the training set in network units, the likelihood (with the
     * Gaussian noise σ in network units) and the prior precision λ.
     */
    record Curvature(Dataset trainN, Likelihood likelihood, double sigma, double priorPrecision, int batchSize) {
        /** Overwrites std[i] of every Linear and Conv2d parameter with (λ + h_i)^(-1/2). */
        void diagonalLaplaceStd(Network net, float[] std) {
            List<AffineLayer> layers = AffineLayer.of(net);
            DiagCurvature diag = new DiagCurvature(layers);
            CurvatureSweep.run(net, layers, trainN, likelihood, sigma, CurvatureType.GGN, batchSize, diag);
            double[] h = diag.diagonal();
            int k = 0;
            for (AffineLayer l : layers) {
                for (int o = 0; o < l.out(); o++) {
                    for (int i = 0; i <= l.in(); i++) {
                        double sd = 1 / Math.sqrt(priorPrecision + h[k++]);
                        if (Double.isFinite(sd)) { // an improper prior on a weight without curvature keeps σ₀
                            std[l.flatIndex(o, i)] = (float) sd;
                        }
                    }
                }
            }
        }
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
