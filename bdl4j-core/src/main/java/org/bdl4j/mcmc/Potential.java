package org.bdl4j.mcmc;

import org.bdl4j.train.NllGradient;

/**
 * The negative log joint U(θ) = Σ_{n=1}^{N} -log p(y_n | x_n, θ) + (λ/2)‖θ‖² (prior N(0, 1/λ) on
 * every parameter, docs/design.md) and its gradient, exact over the full data set or estimated on a
 * minibatch B as (N/|B|) Σ_{b ∈ B} -log p(y_b | x_b, θ) + (λ/2)‖θ‖² (unbiased for U).
 */
final class Potential {
    private final NllGradient nll;
    private final double lambda;
    private final int chunk;

    Potential(NllGradient nll, double lambda, int chunk) {
        this.nll = nll;
        this.lambda = lambda;
        this.chunk = chunk;
    }

    int rows() {
        return nll.rows();
    }

    /** U(θ) over all rows and ∇U into {@code grad}; θ must already be in the network. */
    double full(float[] theta, float[] grad) {
        double e = nll.sumNll(grad, chunk);
        return e + addPrior(lambda, theta, grad);
    }

    /** The minibatch estimate of U and ∇U on rows {@code order[from..to)}. */
    double minibatch(float[] theta, int[] order, int from, int to, float[] grad) {
        double e = nll.sumNll(order, from, to, grad, false);
        float s = (float) nll.rows() / (to - from);
        for (int i = 0; i < grad.length; i++) {
            grad[i] *= s;
        }
        return e * s + addPrior(lambda, theta, grad);
    }

    /** Adds λθ to {@code grad} and returns the prior's (λ/2)‖θ‖². */
    static double addPrior(double lambda, float[] theta, float[] grad) {
        float l = (float) lambda;
        double sq = 0;
        for (int i = 0; i < theta.length; i++) {
            grad[i] += l * theta[i];
            sq += (double) theta[i] * theta[i];
        }
        return 0.5 * lambda * sq;
    }
}
