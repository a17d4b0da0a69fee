package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bdl4j.BayesianLinearRegression;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.NllGradient;
import org.bdl4j.train.StiffestCurvature;
import org.junit.jupiter.api.Test;

/**
 * SGLD's step size on Bayesian linear regression with known noise, where ∇²U is the constant
 * precision Λ = AᵀA/σ² + λI ({@link BayesianLinearRegression#precision}, double precision) and its
 * largest eigenvalue comes from EJML's symmetric eigen-decomposition, independently of the power
 * iteration under test.
 */
class SgldStepSizeTest {
    @Test
    void largestCurvatureIsTheTopEigenvalueOfThePrecision() {
        Dataset train = BayesianLinearRegression.data();
        double top = BayesianLinearRegression.largestEigenvalue(BayesianLinearRegression.precision(train));
        try (MapPosterior model = BayesianLinearRegression.knownNoiseModel(train);
                Network net = model.network().copy(DropoutMode.STANDARD)) {
            Potential u = new Potential(new NllGradient(net, Likelihood.GAUSSIAN, train, BayesianLinearRegression.SIGMA,
                    false), GaussianWeightPrior.uniform(BayesianLinearRegression.LAMBDA, net.parameterCount()), 16);
            float[] theta = net.parameters();
            double h = StiffestCurvature.of((th, g) -> {
                net.setParameters(th);
                return u.full(th, g);
            }, theta, 5);
            assertThat(h).isCloseTo(top, within(1e-3 * top)); // float32 gradients, 20 power iterations
        }
    }

    @Test
    void theDefaultStepIsHalfOverTheLargestCurvature() {
        Dataset train = BayesianLinearRegression.data();
        double top = BayesianLinearRegression.largestEigenvalue(BayesianLinearRegression.precision(train));
        try (MapPosterior model = BayesianLinearRegression.knownNoiseModel(train);
                SampleEnsemblePosterior post = Sgld.builder().optSamples(5).optBurnIn(10).optThinning(2).optSeed(1)
                        .build().fit(model, train)) {
            double eps = post.diagnostics().get("stepSize").getAsDouble();
            assertThat(eps * top).isCloseTo(Sgld.STEP_SCALE, within(1e-3 * Sgld.STEP_SCALE));
            assertThat(post.diagnostics().get("stepSizeReductions").getAsInt()).isZero();
            assertThat(post.provenance().warnings()).isEmpty();
        }
    }

    /**
     * At ε = 31/h_max the stiffest direction's drift factor |1 − εh/2| is 14.5, at ε/4 it is 2.9
     * (both diverge), at ε/16 it is 0.03 (stable): the chain restarts twice and says so.
     */
    @Test
    void aDivergingChainRestartsAtSmallerStepsAndWarns() {
        Dataset train = BayesianLinearRegression.data();
        double top = BayesianLinearRegression.largestEigenvalue(BayesianLinearRegression.precision(train));
        double tooLarge = 31 / top;
        try (MapPosterior model = BayesianLinearRegression.knownNoiseModel(train);
                SampleEnsemblePosterior post = Sgld.builder().optStepSize(tooLarge).optSamples(20).optBurnIn(200)
                        .optThinning(5).optSeed(1).build().fit(model, train)) {
            assertThat(post.diagnostics().get("stepSizeReductions").getAsInt()).isEqualTo(2);
            assertThat(post.diagnostics().get("stepSize").getAsDouble()).isCloseTo(tooLarge / 16,
                    within(1e-12 * tooLarge));
            assertThat(post.provenance().warnings()).singleElement().asString().startsWith("SGLD diverged at step size")
                    .contains("16 times smaller");
            assertThat(post.size()).isEqualTo(20);
            for (int s = 0; s < post.size(); s++) {
                for (float w : post.sample(s)) {
                    assertThat(Float.isFinite(w)).isTrue();
                }
            }
        }
    }
}
