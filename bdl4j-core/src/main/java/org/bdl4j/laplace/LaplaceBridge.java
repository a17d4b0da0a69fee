package org.bdl4j.laplace;

import java.util.List;
import org.bdl4j.ClassificationPredictive;

/**
 * The Laplace bridge (Hobbhahn, Kristiadi &amp; Hennig 2022): the logit Gaussian N(μ, Σ_f) is mapped to
 * a Dirichlet over the class probabilities with, as in laplace-torch's {@code link_approx="bridge"},
 *
 * <pre>
 *   α_k = (1 - 2/C + e^{μ_k}/C² · Σ_l e^{-μ_l}) / Σ_f[k, k],     p = α / Σ_l α_l,
 * </pre>
 *
 * (diagonal variances; no mean/covariance normalisation). The Dirichlet gives the aleatoric part in
 * closed form, E[H(p)] = ψ(α₀ + 1) - Σ_k (α_k/α₀) ψ(α_k + 1) with α₀ = Σ α_k, so the entropy
 * decomposition (and the mutual information) is available without sampling.
 */
final class LaplaceBridge {
    private LaplaceBridge() {}

    static ClassificationPredictive predictive(LinearisedOutputs lin, List<String> names) {
        int n = lin.rows();
        int c = lin.outputs();
        double[] mean = lin.mean();
        double[][] p = new double[n][c];
        double[] expectedEntropy = new double[n];
        double[] alpha = new double[c];
        for (int i = 0; i < n; i++) {
            double sumExpNeg = 0;
            for (int k = 0; k < c; k++) {
                sumExpNeg += Math.exp(-mean[i * c + k]);
            }
            double a0 = 0;
            for (int k = 0; k < c; k++) {
                double var = Math.max(lin.variance(i, k), 1e-300);
                alpha[k] = (1 - 2.0 / c + Math.exp(mean[i * c + k]) / ((double) c * c) * sumExpNeg) / var;
                a0 += alpha[k];
            }
            for (int k = 0; k < c; k++) {
                p[i][k] = alpha[k] / a0;
            }
            expectedEntropy[i] = dirichletExpectedEntropy(alpha);
        }
        return ClassificationPredictive.of(p, expectedEntropy, names);
    }

    /** E[H(p)] for p ~ Dir(α). */
    static double dirichletExpectedEntropy(double[] alpha) {
        double a0 = 0;
        for (double a : alpha) {
            a0 += a;
        }
        double h = digamma(a0 + 1);
        for (double a : alpha) {
            h -= a / a0 * digamma(a + 1);
        }
        return Math.max(h, 0);
    }

    /**
     * ψ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) - 1/x up to x ≥ 10, then the asymptotic series
     * (error below 1e-13).
     */
    static double digamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("digamma needs x > 0, found " + x);
        }
        double r = 0;
        while (x < 10) {
            r -= 1 / x;
            x += 1;
        }
        double f = 1 / (x * x);
        return r + Math.log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240
                - f / 132))));
    }
}
