package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import org.bdl4j.BayesianLinearRegression;
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
