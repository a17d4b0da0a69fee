package org.bdl4j.mcmc;

import org.bdl4j.train.NllGradient;

/**
 * The negative log joint U(θ) = Σ_{n=1}^{N} -log p(y_n | x_n, θ) + (1/2) Σ_i λ_i θ_i² (the prior
 * N(0, 1/λ_i) on parameter i, {@link GaussianWeightPrior}) and its gradient, exact over the full data
 * set or estimated on a minibatch B as (N/|B|) Σ_{b ∈ B} -log p(y_b | x_b, θ) + (1/2) Σ_i λ_i θ_i²
 * (unbiased for U).
 */
final class Potential {
    private final NllGradient nll;
    private final GaussianWeightPrior prior;
    private final int chunk;

    Potential(NllGradient nll, GaussianWeightPrior prior, int chunk) {
        this.nll = nll;
        this.prior = prior;
        this.chunk = chunk;
    }

    int rows() {
        return nll.rows();
    }

    /** U(θ) over all rows and ∇U into {@code grad}; θ must already be in the network. */
    double full(float[] theta, float[] grad) {
        double e = nll.sumNll(grad, chunk);
        return e + prior.addTo(theta, grad);
    }

    /** The minibatch estimate of U and ∇U on rows {@code order[from..to)}. */
    double minibatch(float[] theta, int[] order, int from, int to, float[] grad) {
        double e = nll.sumNll(order, from, to, grad, false);
        float s = (float) nll.rows() / (to - from);
        for (int i = 0; i < grad.length; i++) {
            grad[i] *= s;
        }
        return e * s + prior.addTo(theta, grad);
    }
}
