package org.bdl4j.laplace;

import java.util.Objects;
import org.bdl4j.data.Dataset;

/**
 * How the prior precision of N(0, diag(λ)⁻¹) over the Laplace weights is chosen:
 *
 * <ul>
 *   <li>{@link #fixed}: one given λ for every weight;
 *   <li>{@link #marginalLikelihood}: the scalar λ maximising the Laplace estimate of the log marginal
 *       likelihood ({@link MarginalLikelihood}), searched over log λ in [low, high];
 *   <li>{@link #marginalLikelihoodPerLayer}: one λ_l per tapped layer (over the Laplace weights of that
 *       layer), maximising the log marginal likelihood by projected BFGS ascent on log λ with its exact
 *       gradient ½(P_l - λ_l‖θ*_l‖² - λ_l tr_l Σ), started from the scalar optimum (so it is never
 *       worse: the scalar prior is one of its candidates);
 *   <li>{@link #gridSearch}: the scalar λ of a log-uniform grid whose predictive (the posterior's own:
 *       GLM with its link, or NN sampling) has the smallest negative log-likelihood on a validation
 *       table (laplace-torch's {@code optimize_prior_precision(method='gridsearch')}).
 * </ul>
 */
public sealed interface PriorPrecision {

    /** A fixed λ > 0. */
    static PriorPrecision fixed(double lambda) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("priorPrecision must be > 0, found " + lambda);
        }
        return new Fixed(lambda);
    }

    /** λ maximising the log marginal likelihood over [1e-4, 1e6]. */
    static PriorPrecision marginalLikelihood() {
        return marginalLikelihood(1e-4, 1e6);
    }

    /** λ maximising the log marginal likelihood over [low, high]. */
    static PriorPrecision marginalLikelihood(double low, double high) {
        checkRange(low, high);
        return new Optimized(low, high);
    }

    /** One λ_l per layer maximising the log marginal likelihood, each in [1e-4, 1e6]. */
    static PriorPrecision marginalLikelihoodPerLayer() {
        return marginalLikelihoodPerLayer(1e-4, 1e6);
    }

    /** One λ_l per layer maximising the log marginal likelihood, each in [low, high]. */
    static PriorPrecision marginalLikelihoodPerLayer(double low, double high) {
        checkRange(low, high);
        return new PerLayerOptimized(low, high);
    }

    /** λ of 21 log-uniform points in [1e-4, 1e4] with the smallest NLL on {@code validation}. */
    static PriorPrecision gridSearch(Dataset validation) {
        return gridSearch(validation, 1e-4, 1e4, 21);
    }

    /**
     * λ of {@code points} log-uniform points in [low, high] with the smallest mean NLL on
     * {@code validation} (the user's units, with targets); ties go to the smaller λ.
     */
    static PriorPrecision gridSearch(Dataset validation, double low, double high, int points) {
        Objects.requireNonNull(validation, "validation");
        if (!validation.hasTargets()) {
            throw new IllegalArgumentException("the grid-search validation table has no target column");
        }
        if (validation.rows() == 0) {
            throw new IllegalArgumentException("the grid-search validation table has no rows");
        }
        checkRange(low, high);
        if (points < 2) {
            throw new IllegalArgumentException("the prior-precision grid needs at least 2 points, found " + points);
        }
        return new GridSearch(validation, low, high, points);
    }

    private static void checkRange(double low, double high) {
        if (!(low > 0) || !(high > low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("the prior-precision search range must satisfy 0 < low < high, found ["
                    + low + ", " + high + "]");
        }
    }

    /** A fixed prior precision. */
    record Fixed(double lambda) implements PriorPrecision {}

    /** Chosen by the marginal likelihood within a range. */
    record Optimized(double low, double high) implements PriorPrecision {}

    /** One per layer, chosen by the marginal likelihood within a range. */
    record PerLayerOptimized(double low, double high) implements PriorPrecision {}

    /** Chosen by the validation NLL over a log-uniform grid. */
    record GridSearch(Dataset validation, double low, double high, int points) implements PriorPrecision {
        /** The grid λ_k = exp(log low + k (log high - log low)/(points - 1)), k = 0..points-1. */
        public double[] grid() {
            double[] out = new double[points];
            double lo = Math.log(low);
            double step = (Math.log(high) - lo) / (points - 1);
            for (int k = 0; k < points; k++) {
                out[k] = Math.exp(lo + k * step);
            }
            out[0] = low;
            out[points - 1] = high;
            return out;
        }
    }
}
