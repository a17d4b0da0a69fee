package org.bdl4j.laplace;

/**
 * The Gaussian over network outputs of the linearised (GLM) Laplace predictive,
 * f(x) ~ N(f(x, θ*), J(x) Σ J(x)ᵀ), in network units: the full C x C covariance per row, or only
 * its diagonal (what the probit and bridge links and regression need; cheap for many classes).
 *
 * @param rows n
 * @param outputs C
 * @param mean f(x, θ*), row-major n x C
 * @param covariance J Σ Jᵀ, row-major n x C x C, or n x C variances when {@code diagonal}
 * @param diagonal whether only the variances were computed
 */
public record LinearisedOutputs(int rows, int outputs, double[] mean, double[] covariance, boolean diagonal) {

    /** Σ_f[c, c'] of row i (only c = c' when {@link #diagonal}). */
    public double covariance(int i, int c, int cPrime) {
        if (diagonal) {
            if (c != cPrime) {
                throw new IllegalStateException("only the variances were computed; linearise with diagonalOnly false");
            }
            return covariance[i * outputs + c];
        }
        return covariance[(i * outputs + c) * outputs + cPrime];
    }

    /** Σ_f[c, c] of row i, clamped at 0 against round-off. */
    public double variance(int i, int c) {
        return Math.max(covariance(i, c, c), 0);
    }
}
