package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;

import org.bdl4j.BayesianLinearRegression;
import org.bdl4j.SampleMoments;
import org.bdl4j.data.Dataset;
import org.bdl4j.train.MapPosterior;
import org.ejml.simple.SimpleEVD;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

/**
 * SGLD against the closed-form posterior of Bayesian linear regression under a prior that matters
 * (λ = 20 against a data precision of about 40 per weight, {@link BayesianLinearRegression#smallData()}),
 * with minibatches of 5 of the 10 rows, so that the likelihood's N/|B| = 2 scaling, the Langevin noise
 * and the prior all shape the samples.
 *
 * <p>The reference is the stationary distribution of the Langevin iteration at step ε: for a Gaussian
 * target with precision Λ = V diag(h) Vᵀ, the full-batch iteration θ ← θ − (ε/2)Λ(θ − μ) + √ε ξ has
 * mean μ and covariance V diag(1/(h (1 − εh/4))) Vᵀ (solve c = (1 − εh/2)² c + ε), the exact posterior
 * widened by 2.6% in the stiffest direction at εh_max = 0.1. Minibatch noise widens it further by about
 * ε G/4 relative, G the minibatch gradient's variance (here about 3%), inside the margins.
 *
 * <p>Margins: 4 standard errors at an effective sample size of 1,200, 16% of each variance. Every
 * 25th step is kept (the slowest direction relaxes in 2/(ε h_min) ≈ 47 steps, its square in half
 * that), and the ESS of the samples' quadratic form (θ − μ)ᵀΛ(θ − μ), which bounds that of the
 * variance estimates, must reach that floor. Dropping the N/|B| scaling
 * (variances up to 1.5 times larger), the noise (variances near 0) or the prior (1.5 times larger)
 * each fails.
 */
class SgldLinearRegressionTest {
    @Test
    void minibatchSamplesMatchTheStationaryGaussianUnderAStrongPrior() {
        Dataset train = BayesianLinearRegression.smallData();
        double lambda = BayesianLinearRegression.STRONG_LAMBDA;
        double[][] precision = BayesianLinearRegression.precision(train, lambda);
        double[][] exact = BayesianLinearRegression.exactPosterior(train, lambda);
        SimpleEVD<SimpleMatrix> evd = new SimpleMatrix(precision).eig();
        double hMax = 0;
        double hMin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 3; i++) {
            hMax = Math.max(hMax, evd.getEigenvalue(i).getReal());
            hMin = Math.min(hMin, evd.getEigenvalue(i).getReal());
        }
        double eps = 0.1 / hMax;
        double[][] reference = new double[4][3];
        reference[0] = exact[0].clone();
        for (int k = 0; k < 3; k++) {
            double h = evd.getEigenvalue(k).getReal();
            SimpleMatrix v = evd.getEigenVector(k);
            double c = 1 / (h * (1 - eps * h / 4));
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    reference[1 + i][j] += c * v.get(i) * v.get(j) / v.dot(v);
                }
            }
        }
        int thinning = 25;
        System.out.printf("SGLD linear regression: h from %.1f to %.1f, relaxation 2/(ε h_min) = %.0f steps%n", hMin,
                hMax, 2 / (eps * hMin));
        try (MapPosterior map = BayesianLinearRegression.knownNoiseModel(train, lambda);
                SampleEnsemblePosterior post = Sgld.builder().optStepSize(eps).optBatchSize(5).optBurnIn(2000)
                        .optThinning(thinning).optSamples(2000).optPriorPrecision(lambda).optSeed(3).build()
                        .fit(map, train)) {
            assertThat(post.size()).isEqualTo(2000);
            double[][] moments = SampleMoments.of(post.size(), 3, post::sample);
            double[][] trace = new double[1][post.size()];
            for (int s = 0; s < post.size(); s++) {
                float[] t = post.sample(s);
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        trace[0][s] += (t[i] - exact[0][i]) * precision[i][j] * (t[j] - exact[0][j]);
                    }
                }
            }
            double essQuadratic = ChainDiagnostics.effectiveSampleSize(trace);
            System.out.printf("SGLD linear regression: ESS of the quadratic form %.0f of %d samples%n",
                    essQuadratic, post.size());
            SampleMoments.assertClose(moments, reference, 1200, 4, "SGLD");
            assertThat(essQuadratic).isGreaterThanOrEqualTo(1200);
        }
    }
}
