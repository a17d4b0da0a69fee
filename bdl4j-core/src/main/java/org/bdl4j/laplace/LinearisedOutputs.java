package org.bdl4j.laplace;

/**
 * The Gaussian over network outputs of the linearised (GLM) Laplace predictive,
 * f(x) ~ N(f(x, θ*), J(x) Σ J(x)ᵀ), in network units.
 *
 * @param rows n
 * @param outputs C
 * @param mean f(x, θ*), row-major n x C
 * @param covariance J Σ Jᵀ, row-major n x C x C
 */
public record LinearisedOutputs(int rows, int outputs, double[] mean, double[] covariance) {

    /** Σ_f[c, c'] of row i. */
    public double covariance(int i, int c, int cPrime) {
        return covariance[(i * outputs + c) * outputs + cPrime];
    }
}
