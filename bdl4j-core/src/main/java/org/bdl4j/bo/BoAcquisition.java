package org.bdl4j.bo;

import org.bdl4j.options.EnumNames;
import org.bdl4j.math.NormalDistribution;

/**
 * How the next point is chosen from the surrogate's predictive of the objective f, for minimisation,
 * with μ(x) the predictive mean and σ(x) the epistemic standard deviation (the spread of f, not of the
 * observation noise).
 */
public enum BoAcquisition implements EnumNames.Named {
    /**
     * Expected improvement over an incumbent y* (Jones, Schonlau and Welch 1998):
     * EI(x) = (y* − μ) Φ(z) + σ φ(z) with z = (y* − μ)/σ, and max(y* − μ, 0) where σ = 0. The optimiser
     * takes y* as the lowest posterior mean at the evaluated points (Picheny et al. 2013).
     */
    EXPECTED_IMPROVEMENT("ei"),
    /**
     * The confidence bound of GP-UCB (Srinivas et al. 2010) for minimisation: the point of lowest
     * μ − κσ, scored as −(μ − κσ).
     */
    UPPER_CONFIDENCE_BOUND("ucb"),
    /**
     * Thompson sampling (Thompson 1933): the minimiser of one function drawn from the posterior, here one
     * member of a deep ensemble chosen at random; needs an ensemble surrogate.
     */
    THOMPSON("thompson");

    private final String key;

    BoAcquisition(String key) {
        this.key = key;
    }

    @Override
    public String cliName() {
        return key;
    }

    /** @throws org.bdl4j.options.InvalidOptionException "acquisition must be ei, ucb or thompson, found 'x'" */
    public static BoAcquisition parse(String name) {
        return EnumNames.parse(BoAcquisition.class, name, "acquisition");
    }

    /** EI of a Gaussian N(mean, sd²) below {@code best}. */
    public static double expectedImprovement(double mean, double sd, double best) {
        double gain = best - mean;
        if (!(sd > 0)) {
            return Math.max(gain, 0);
        }
        double z = gain / sd;
        return gain * NormalDistribution.cdf(z) + sd * NormalDistribution.pdf(z);
    }

    /** −(mean − κ sd): higher is better. */
    public static double lowerConfidenceBound(double mean, double sd, double kappa) {
        return -(mean - kappa * sd);
    }
}
