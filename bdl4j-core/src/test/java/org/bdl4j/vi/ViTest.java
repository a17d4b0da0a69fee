package org.bdl4j.vi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bdl4j.BayesianLinearRegression;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.Seeds;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViTest {
    @TempDir
    Path tmp;

    /**
     * Bayesian linear regression (known σ, λ): the mean-field Gaussian closest in KL(q‖p) to the exact
     * posterior N(μ, Λ⁻¹) has mean μ and variances 1/Λ_ii ≤ Σ_ii (Bishop, PRML §10.1.2). VI's means
     * must be within 0.25 posterior sd of μ and its variances within 30% of 1/Λ_ii (stochastic
     * optimisation noise of Adam at lr 0.01 for 40 rows, full batch) and below Σ_ii (+5% for the same noise).
     */
    @Test
    void linearRegressionMatchesTheExactMeanAndMeanFieldVariances() {
        Dataset train = BayesianLinearRegression.data();
        double[][] exact = BayesianLinearRegression.exactPosterior(train);
        double[][] prec = BayesianLinearRegression.precision(train);
        Vi vi = Vi.builder().optEstimator(Estimator.LOCAL_REPARAM).optEpochs(3000).optBatchSize(40)
                .optLearningRate(0.01).optInit(ViInit.MAP).optInitialSigma(0.05).optSeed(4).build();
        try (MapPosterior map = BayesianLinearRegression.knownNoiseModel(train);
                ViPosterior post = vi.fit(map, train)) {
            assertMeanField(post, exact, prec, 0.3);
            float[] s = post.std();
            for (int i = 0; i < 3; i++) {
                assertThat((double) s[i] * s[i]).isLessThanOrEqualTo(exact[1 + i][i] * 1.05);
            }
        }
    }

    /** Closed-form KL against a Monte Carlo estimate E_q[log q - log p] (200,000 draws, 5 se). */
    /**
     * As above, with a prior that matters and minibatches: 10 rows under λ = 20 (data precision about
     * 40 per weight), batches of 5 (the likelihood scaled by N/|B| = 2 against one KL). Adam's noise at
     * lr 0.003 over 6,000 steps leaves the variances within 12% of the mean-field optimum 1/Λ_ii; dropping
     * the prior, or the N/|B| scaling of the likelihood against the KL, moves them by more than 25%
     * (checked below), and so would a variance off by a factor of 1.25 or more.
     */
    @Test
    void withMinibatchesAndAStrongPriorTheMeanFieldOptimumIsReached() {
        Dataset train = BayesianLinearRegression.smallData();
        double lambda = BayesianLinearRegression.STRONG_LAMBDA;
        double[][] exact = BayesianLinearRegression.exactPosterior(train, lambda);
        double[][] prec = BayesianLinearRegression.precision(train, lambda);
        double[][] noPrior = BayesianLinearRegression.precision(train, 0);
        for (int i = 0; i < 3; i++) {
            assertThat(prec[i][i] / noPrior[i][i] - 1).as("the prior's effect on 1/Λ_%d%d", i, i)
                    .isGreaterThan(0.25);
            // half the likelihood (N/|B| dropped with |B| = N/2) against the same prior
            assertThat(prec[i][i] / (noPrior[i][i] / 2 + lambda) - 1).as("the N/|B| effect on 1/Λ_%d%d", i, i)
                    .isGreaterThan(0.25);
        }
        Vi vi = Vi.builder().optEstimator(Estimator.LOCAL_REPARAM).optEpochs(1200).optBatchSize(5)
                .optLearningRate(0.003).optInit(ViInit.MAP).optInitialSigma(0.05).optPriorPrecision(lambda)
                .optSeed(4).build();
        try (MapPosterior map = BayesianLinearRegression.knownNoiseModel(train, lambda);
                ViPosterior post = vi.fit(map, train)) {
            assertMeanField(post, exact, prec, 0.12);
        }
    }

    /**
     * VI's means within 0.25 posterior sd of the exact μ and its variances within a relative
     * {@code tolerance} of the mean-field optimum 1/Λ_ii.
     */
    private static void assertMeanField(ViPosterior post, double[][] exact, double[][] prec, double tolerance) {
        float[] m = post.mean();
        float[] s = post.std();
        for (int i = 0; i < 3; i++) {
            System.out.printf("VI linear regression: mean %.4f exact %.4f; var %.5f mean-field %.5f exact marginal"
                    + " %.5f%n", m[i], exact[0][i], s[i] * s[i], 1 / prec[i][i], exact[1 + i][i]);
            assertThat((double) m[i]).as("mean %d", i)
                    .isCloseTo(exact[0][i], within(0.25 * Math.sqrt(exact[1 + i][i])));
            assertThat((double) s[i] * s[i]).as("variance %d", i).isCloseTo(1 / prec[i][i],
                    within(tolerance / prec[i][i]));
        }
    }

    @Test
    void gaussianKlClosedFormMatchesMonteCarlo() {
        double[] mu = {0.3, -1.2, 0.0, 2.0};
        double[] sigma = {0.5, 0.1, 1.5, 0.8};
        double lambda = 2.5;
        double exact = GaussianKl.of(mu, sigma, lambda);
        SplittableRandom r = new SplittableRandom(1);
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (int k = 0; k < n; k++) {
            double v = 0;
            for (int i = 0; i < mu.length; i++) {
                double z = r.nextGaussian();
                double t = mu[i] + sigma[i] * z;
                double logQ = -Math.log(sigma[i]) - z * z / 2;
                double logP = 0.5 * Math.log(lambda) - lambda * t * t / 2;
                v += logQ - logP;
            }
            sum += v;
            sq += v * v;
        }
        double mean = sum / n;
        double se = Math.sqrt((sq / n - mean * mean) / n);
        assertThat(exact).isCloseTo(mean, within(5 * se));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray e = GaussianKl.of(m.create(new float[] {0.3f, -1.2f, 0f, 2f}),
                    m.create(new float[] {0.5f, 0.1f, 1.5f, 0.8f}), lambda);
            assertThat((double) e.getFloat()).isCloseTo(exact, within(1e-4 * Math.abs(exact)));
        }
        assertThatThrownBy(() -> GaussianKl.of(mu, sigma, 0)).hasMessage(
                "prior precision must be > 0 for the KL, found 0.0");
    }

    /**
     * One layer (in 3, out 2) on 2 fixed rows: over 4,000 draws each estimator's output has mean
     * x μ_Wᵀ + μ_b and variance Σ_i x_i² σ_ji² + σ_j², the plain reparameterisation's moments (5 se:
     * se(mean) = √(v/n), se(var) = v √(2/n)).
     */
    @Test
    void estimatorsShareTheExpectedOutputAndVariance() {
        float[] wMean = {0.5f, -0.3f, 0.8f, 0.1f, 0.2f, -0.6f};
        float[] bMean = {0.05f, -0.1f};
        float[] x = {1.0f, -2.0f, 0.5f, 0.3f, 0.7f, -1.1f};
        float rho = -1f;
        double sig = Math.log1p(Math.exp(rho));
        int n = 4000;
        Seeds.seedEngine(3);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] wRho = new float[6];
            float[] bRho = new float[2];
            java.util.Arrays.fill(wRho, rho);
            java.util.Arrays.fill(bRho, rho);
            MeanFieldLinear layer = new MeanFieldLinear(m, 3, 2, wMean, wRho, bMean, bRho);
            NDArray input = m.create(x, new Shape(2, 3));
            for (Estimator e : Estimator.values()) {
                double[] sum = new double[4];
                double[] sq = new double[4];
                for (int k = 0; k < n; k++) {
                    try (NDManager b = m.newSubManager()) {
                        float[] y = e.forward(layer, input, new WeightNoise(layer, b), b).toFloatArray();
                        for (int j = 0; j < 4; j++) {
                            sum[j] += y[j];
                            sq[j] += y[j] * (double) y[j];
                        }
                    }
                }
                for (int row = 0; row < 2; row++) {
                    for (int o = 0; o < 2; o++) {
                        double mean = bMean[o];
                        double var = sig * sig;
                        for (int i = 0; i < 3; i++) {
                            mean += x[row * 3 + i] * wMean[o * 3 + i];
                            var += x[row * 3 + i] * x[row * 3 + i] * sig * sig;
                        }
                        int j = row * 2 + o;
                        double mcMean = sum[j] / n;
                        double mcVar = sq[j] / n - mcMean * mcMean;
                        assertThat(mcMean).as(e + " mean").isCloseTo(mean, within(5 * Math.sqrt(var / n)));
                        assertThat(mcVar).as(e + " variance").isCloseTo(var, within(5 * var * Math.sqrt(2.0 / n)));
                    }
                }
            }
        }
    }

    /** Classification with Flipout and KL warm-up: valid predictive; same seed same result; save/load bit-identical. */
    @Test
    void classificationSeededAndRoundTrips() throws IOException {
        Dataset train = TestTables.blobs(120, 2, 3, 1);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.RELU, 0f, 1);
        MapTrainer t = MapTrainer.builder().optEpochs(10).optBatchSize(32).optLearningRate(0.01).optSeed(1).build();
        Vi vi = Vi.builder().optEstimator(Estimator.FLIPOUT).optEpochs(10).optBatchSize(32).optLearningRate(0.01)
                .optKlWarmupSteps(20).optSamples(10).optSeed(2).build();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).trainer(t).seed(1).build());
                ViPosterior a = vi.fit(map, train); ViPosterior b = vi.fit(map, train)) {
            assertThat(b.mean()).containsExactly(a.mean());
            assertThat(b.std()).containsExactly(a.std());
            ClassificationPredictive p = a.predictClasses(train);
            for (double[] row : p.probabilities()) {
                assertThat(row[0] + row[1] + row[2]).isCloseTo(1.0, within(1e-9));
            }
            assertThat(java.util.Arrays.stream(p.mutualInformation()).max().getAsDouble()).isPositive();
            a.save(tmp.resolve("vi"));
            try (Posterior loaded = Posteriors.load(tmp.resolve("vi"))) {
                assertThat(loaded.method()).isEqualTo("vi");
                assertThat(loaded.predictClasses(train).probabilities()).isDeepEqualTo(p.probabilities());
                assertThat(((ViPosterior) loaded).prior()).isEqualTo(Prior.gaussian(map.priorPrecision()));
            }
            // a manifest without its prior is refused in one line
            Path manifest = tmp.resolve("vi").resolve("manifest.json");
            JsonObject m = JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
            m.getAsJsonObject("hyperparameters").remove("prior");
            Files.writeString(manifest, m.toString());
            assertThatThrownBy(() -> Posteriors.load(tmp.resolve("vi"))).hasMessageEndingWith(
                    "manifest.json: invalid \"hyperparameters\": a required entry is missing");
            JsonObject bad = new JsonObject();
            bad.addProperty("type", "cauchy");
            m.getAsJsonObject("hyperparameters").add("prior", bad);
            Files.writeString(manifest, m.toString());
            assertThatThrownBy(() -> Posteriors.load(tmp.resolve("vi"))).hasMessageEndingWith(
                    "manifest.json: invalid \"hyperparameters\": prior must be gaussian or mixture, found 'cauchy'");
        }
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> Estimator.parse("bbb")).hasMessage(
                "estimator must be reparam, local or flipout, found 'bbb'");
        assertThat(Estimator.parse("local")).isEqualTo(Estimator.LOCAL_REPARAM);
        assertThatThrownBy(() -> Vi.builder().optKlWeight(-1).build()).hasMessage("kl-weight must be >= 0, found -1.0");
        assertThatThrownBy(() -> Vi.builder().optPriorSigma(0)).hasMessage("prior-sigma must be > 0, found 0.0");
    }
}
