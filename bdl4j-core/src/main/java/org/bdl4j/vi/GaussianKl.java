package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import org.bdl4j.nn.Scalars;

/**
 * The closed-form KL divergence of a mean-field Gaussian q = Π_i N(μ_i, σ_i²) from the prior
 * p = Π_i N(0, 1/λ) (docs/design.md: the same prior on every parameter, biases included):
 *
 * <pre>
 *   KL(q ‖ p) = Σ_i [ -log σ_i - ½ log λ + λ (σ_i² + μ_i²)/2 - ½ ].
 * </pre>
 */
public final class GaussianKl {
    private GaussianKl() {}

    /** KL in double precision (for tests and reports). */
    public static double of(double[] mu, double[] sigma, double lambda) {
        checkLambda(lambda);
        double kl = 0;
        for (int i = 0; i < mu.length; i++) {
            kl += -Math.log(sigma[i]) - 0.5 * Math.log(lambda) + lambda * (sigma[i] * sigma[i] + mu[i] * mu[i]) / 2
                    - 0.5;
        }
        return kl;
    }

    /** KL as a differentiable 0-d array; constants are engine-owned ({@link Scalars}). */
    public static NDArray of(NDArray mu, NDArray sigma, double lambda) {
        return terms(mu, sigma, lambda).sum();
    }

    /** The summands of the KL, one per parameter (same shape as {@code mu}), differentiable. */
    public static NDArray terms(NDArray mu, NDArray sigma, double lambda) {
        checkLambda(lambda);
        NDArray quad = sigma.square().add(mu.square()).mul(Scalars.like(mu, (float) (lambda / 2)));
        float constant = (float) (-0.5 * Math.log(lambda) - 0.5);
        return quad.sub(sigma.log()).add(Scalars.like(mu, constant));
    }

    private static void checkLambda(double lambda) {
        if (!(lambda > 0 && Double.isFinite(lambda))) {
            throw new IllegalArgumentException("prior precision must be > 0 for the KL, found " + lambda);
        }
    }
}
