package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import org.bdl4j.BayesianLinearRegression;
import org.bdl4j.SampleMoments;
import org.bdl4j.data.Dataset;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.api.Test;

/** HMC against the exact posterior of Bayesian linear regression ({@link BayesianLinearRegression}). */
class HmcLinearRegressionTest {
    /**
     * 2 chains x 400 draws. Margins from the worst ESS over the parameters (reported by the run):
     * mean within 5 √(Σ_ii/ESS), covariance within 5 √((Σ_ii Σ_jj + Σ_ij²)/ESS).
     */
    @Test
    void sampleMomentsMatchTheClosedFormPosterior() {
        Dataset train = BayesianLinearRegression.data();
        double[][] exact = BayesianLinearRegression.exactPosterior(train);
        Hmc hmc = Hmc.builder().optLeapfrogSteps(8).optWarmup(150).optDraws(400).optChains(2).optSeed(5).build();
        try (MapPosterior map = BayesianLinearRegression.knownNoiseModel(train);
                SampleEnsemblePosterior post = hmc.fit(map, train)) {
            JsonObject d = post.diagnostics();
            double ess = d.get("minEssWeights").getAsDouble();
            System.out.println("HMC linear regression diagnostics: " + d);
            assertThat(d.get("maxSplitRhatWeights").getAsDouble()).isLessThan(1.05);
            assertThat(ess).isGreaterThan(100);
            int s = post.size();
            assertThat(s).isEqualTo(800);
            double[] mean = new double[3];
            for (int k = 0; k < s; k++) {
                float[] t = post.sample(k);
                for (int i = 0; i < 3; i++) {
                    mean[i] += t[i] / (double) s;
                }
            }
            double[][] cov = new double[3][3];
            for (int k = 0; k < s; k++) {
                float[] t = post.sample(k);
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        cov[i][j] += (t[i] - mean[i]) * (t[j] - mean[j]) / (s - 1.0);
                    }
                }
            }
            for (int i = 0; i < 3; i++) {
                double[] sig = exact[1 + i];
                assertThat(mean[i]).isCloseTo(exact[0][i], within(5 * Math.sqrt(sig[i] / ess)));
                for (int j = 0; j < 3; j++) {
                    double se = Math.sqrt((exact[1 + i][i] * exact[1 + j][j] + sig[j] * sig[j]) / ess);
                    assertThat(cov[i][j]).isCloseTo(sig[j], within(5 * se));
                }
            }
        }
    }

    /**
     * A prior that matters: 10 rows (data precision about 40 per weight) under λ = 20, so that the
     * posterior variances are about two thirds of the prior-free ones. 2 chains x 5,000 draws of 5
     * leapfrog steps. The run must reach an effective sample size of 1,500 on every weight and on the
     * log posterior (a quadratic form of θ here, so its ESS bounds that of the variance estimates); the
     * margins, 4 standard errors at that floor, are 15% of each variance: a 20% variance error fails,
     * and so does dropping the prior (checked below against the λ = 0 posterior).
     */
    @Test
    void underAStrongPriorTheSampleMomentsMatchTheClosedForm() {
        Dataset train = BayesianLinearRegression.smallData();
        double lambda = BayesianLinearRegression.STRONG_LAMBDA;
        double[][] exact = BayesianLinearRegression.exactPosterior(train, lambda);
        double[][] noPrior = BayesianLinearRegression.exactPosterior(train, 0);
        double essFloor = 1500;
        double z = 4;
        double margin = SampleMoments.relativeVarianceMargin(essFloor, z);
        assertThat(margin).isLessThan(0.2);
        for (int i = 0; i < 3; i++) {
            assertThat(noPrior[1 + i][i] / exact[1 + i][i] - 1).as("the prior's effect on variance %d", i)
                    .isGreaterThan(2 * margin);
        }
        Hmc hmc = Hmc.builder().optLeapfrogSteps(5).optWarmup(200).optDraws(5000).optChains(2).optSeed(6)
                .optPriorPrecision(lambda).build();
        try (MapPosterior map = BayesianLinearRegression.knownNoiseModel(train, lambda);
                SampleEnsemblePosterior post = hmc.fit(map, train)) {
            JsonObject d = post.diagnostics();
            System.out.println("HMC linear regression, strong prior: " + d);
            assertThat(d.get("minEssWeights").getAsDouble()).isGreaterThanOrEqualTo(essFloor);
            assertThat(d.get("essLogPosterior").getAsDouble()).isGreaterThanOrEqualTo(essFloor);
            assertThat(d.get("maxSplitRhatWeights").getAsDouble()).isLessThan(1.01);
            SampleMoments.assertClose(SampleMoments.of(post.size(), 3, post::sample), exact, essFloor, z, "HMC");
        }
    }

    @Test
    void optionsAreValidated() {
        Dataset train = BayesianLinearRegression.data();
        try (MapPosterior map = BayesianLinearRegression.knownNoiseModel(train)) {
            assertThatThrownBy(() -> Hmc.builder().optStart(Hmc.Start.PRIOR).optPriorPrecision(0).build()
                    .fit(map, train)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("chains started from the prior need a proper prior (every precision > 0), found"
                            + " uniform N(0, 1/λ), λ = 0.00");
            Dataset none = Dataset.unlabeled(new float[0], 0, new int[] {2}, train.featureNames());
            assertThatThrownBy(() -> Hmc.builder().optDiagnosticInputs(none).build().fit(map, train))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("diagnostic inputs must have rows, found 0");
        }
    }
}
