package org.bdl4j.laplace;

/**
 * How the prior precision λ of N(0, 1/λ I) over the Laplace weights is chosen: a fixed value, or
 * the maximiser of the Laplace estimate of the log marginal likelihood
 * ({@link MarginalLikelihood}), searched over log λ in [{@code low}, {@code high}].
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
        if (!(low > 0) || !(high > low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException("the prior-precision search range must satisfy 0 < low < high, found ["
                    + low + ", " + high + "]");
        }
        return new Optimized(low, high);
    }

    /** A fixed prior precision. */
    record Fixed(double lambda) implements PriorPrecision {}

    /** Chosen by the marginal likelihood within a range. */
    record Optimized(double low, double high) implements PriorPrecision {}
}
