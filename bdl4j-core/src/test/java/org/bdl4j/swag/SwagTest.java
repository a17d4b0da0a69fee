package org.bdl4j.swag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import org.bdl4j.BayesianLinearRegression;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.GapUncertainty;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.PredictiveAssertions;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Methods;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwagTest {
    private static final NetworkSpec NET = NetworkSpec.mlp(new int[] {1}, new int[] {50, 50}, Activation.TANH, 0f, 1);
    private static Dataset gapData;
    private static Dataset gapGrid;

    @TempDir
    Path tmp;

    @BeforeAll
    static void data() {
        gapData = ToyData.regressionGap(160, 11);
        gapGrid = ToyData.grid(-0.1, 0.1, 5); // around the midpoint 0 of the gap (-0.5, 0.5)
    }

    private static MapTrainer mapTrainer() {
        return MapTrainer.builder().optEpochs(150).optBatchSize(32).optLearningRate(0.01).optPriorPrecision(1.0)
                .optSeed(2).build();
    }

    /** Constant lr 0.01 (about half the largest stable one here), a snapshot per epoch (5 steps), K = 20. */
    private static Swag swag(long seed) {
        return Swag.builder().optEpochs(30).optBatchSize(32).optLearningRate(0.01).optSamples(30).optSeed(seed)
                .build();
    }

    /**
     * Regression gap: total = aleatoric + epistemic, and SWAG has a non-zero weight spread. Its
     * epistemic std in the middle of the gap versus its mean over the training inputs
     * ({@link GapUncertainty#ratio}) is printed: issue 5 asks for ≥ 1.5, measured 0.54 here, an open
     * shortfall reported rather than a skipped test. Scans (tanh 50-50 and 1 x 10 networks): constant
     * lr 0.001-0.01 (0.02 diverges), snapshots per step, per epoch or every 10 epochs, 30-300 epochs,
     * diagonal or low rank: 0.47-0.84 and 0.61-1.31; cyclic lr (0.01 or 0.015 down to 1e-3 or 1e-4,
     * cycles of 1-5 epochs, a snapshot per cycle): 0.50-1.72, and the one setting that crossed 1.5 did
     * so for two SWAG seeds of four (0.62 and 1.52-1.72). The cause is the method, not a bug (see
     * {@link Swag} and {@link #swagHasNoVarianceInDirectionsTheDataDoNotInform}): SGD's spread follows
     * the gradient noise, which vanishes where only the prior acts, while on the data it is set by η/B;
     * on the 10-unit network SWAG's std at the gap midpoint matches HMC's but on the training inputs it
     * is 7x HMC's ({@code DistanceToHmcTest}).
     */
    @Test
    void totalIsAleatoricPlusEpistemicOnTheGap() {
        try (MapPosterior map = MapMethod.train(FitRequest.builder(gapData).likelihood(Likelihood.GAUSSIAN).network(NET)
                .trainer(mapTrainer()).seed(2).build());
                SwagPosterior post = swag(7).fit(map, gapData)) {
            RegressionPredictive inGap = post.predictRegression(gapGrid);
            double ratio = GapUncertainty.ratio(post, gapData);
            System.out.printf("SWAG regression gap: epistemic std ratio mid-gap / training inputs %.2f%n", ratio);
            assertThat(ratio).isPositive();
            double[] total = inGap.totalVariance();
            double[] sd = inGap.std();
            for (int i = 0; i < total.length; i++) {
                assertThat(total[i]).isEqualTo(inGap.aleatoricVariance()[i] + inGap.epistemicVariance()[i]);
                assertThat(sd[i] * sd[i]).isCloseTo(total[i], within(1e-12));
                assertThat(inGap.aleatoricVariance()[i]).isPositive();
            }
            assertThat(post.rank()).isEqualTo(20);
        }
    }

    /**
     * The diagnosis, exactly: Bayesian linear regression whose second feature is 0 on every training
     * row, SWAG started at the exact posterior mean (so w₂ = 0). The data say nothing about w₂: its
     * exact posterior variance is the prior's 1/λ (closed form, {@link BayesianLinearRegression}),
     * and a test input with x₂ = 1 has that much more epistemic variance than one with x₂ = 0. SWAG's
     * minibatch gradient in w₂ is Σ_b r_b·0 + (λ/N)·0 = 0, so every iterate, the moments, the
     * deviations and every sample keep w₂ = 0 exactly, and the two inputs get identical epistemic
     * variances: none of the prior's variance survives.
     */
    @Test
    void swagHasNoVarianceInDirectionsTheDataDoNotInform() {
        Dataset base = BayesianLinearRegression.data();
        float[] x = base.features().clone();
        for (int r = 0; r < base.rows(); r++) {
            x[2 * r + 1] = 0f;
        }
        Dataset train = base.withFeatures(x, base.featureShape(), base.featureNames());
        double[][] exact = BayesianLinearRegression.exactPosterior(train);
        assertThat(exact[0][1]).isZero();
        assertThat(exact[2][1]).isCloseTo(1 / BayesianLinearRegression.LAMBDA, within(1e-12)); // Σ_22
        float[] mean = {(float) exact[0][0], 0f, (float) exact[0][2]};
        JsonObject info = new JsonObject();
        info.addProperty("priorPrecision", BayesianLinearRegression.LAMBDA);
        NetworkSpec linear = NetworkSpec.mlp(new int[] {2}, new int[0], Activation.RELU, 0f, 1);
        Dataset probe = Dataset.unlabeled(new float[] {0.5f, 0f, 0.5f, 1f}, 2, new int[] {2}, base.featureNames());
        Swag swag = Swag.builder().optEpochs(40).optBatchSize(8).optLearningRate(0.05).optSamples(50).optSeed(2)
                .build();
        try (MapPosterior start = new MapPosterior(Network.withParameters(linear, DropoutMode.STANDARD, mean,
                Device.cpu()), Likelihood.GAUSSIAN, ModelSchema.of(train, false), BayesianLinearRegression.SIGMA, info, 1);
                SwagPosterior post = swag.fit(start, train)) {
            float[] theta = new float[3];
            double w1Spread = 0;
            for (int s = 0; s < 50; s++) {
                post.sample(s, theta);
                assertThat(theta[1]).isZero();
                w1Spread += Math.abs(theta[0] - post.mean()[0]);
            }
            assertThat(w1Spread).isPositive();
            double[] epistemic = post.predictRegression(probe).epistemicVariance();
            assertThat(epistemic[0]).isPositive().isEqualTo(epistemic[1]);
        }
    }

    /**
     * The cyclic schedule of SWA (Izmailov et al. 2018, eq. 2) against its closed form, and one
     * snapshot per cycle: 6 epochs of 4 steps in cycles of 8 steps give 3 snapshots (rank 3).
     */
    @Test
    void cyclicLearningRateFallsLinearlyAndSnapshotsEachCycle() {
        double hi = 0.01;
        double lo = 0.001;
        for (long k = 1; k <= 16; k++) {
            double t = ((k - 1) % 8 + 1) / 8.0;
            assertThat(Swag.cyclicLearningRate(k, hi, lo, 8)).isCloseTo((1 - t) * hi + t * lo, within(1e-15));
        }
        assertThat(Swag.cyclicLearningRate(8, hi, lo, 8)).isEqualTo(lo);
        Dataset small = ToyData.regressionGap(64, 3);
        MapTrainer t = MapTrainer.builder().optEpochs(5).optBatchSize(16).optLearningRate(0.01).optSeed(1).build();
        Swag s = Swag.builder().optEpochs(6).optBatchSize(16).optLearningRate(hi).optCyclicLearningRate(lo, 8)
                .optSamples(4).optSeed(4).build();
        try (SwagPosterior post = Methods.fromMap(FitRequest.builder(small).likelihood(Likelihood.GAUSSIAN).network(NET)
                .trainer(t).seed(1).build(),map -> s.fit(map, small))) {
            assertThat(post.rank()).isEqualTo(3);
        }
    }

    /** The same seeds give the same predictions (refitting included); another SWAG seed does not. */
    @Test
    void sameSeedSamePredictionsAndSaveLoadRoundTrip() throws IOException {
        Dataset small = ToyData.regressionGap(60, 3);
        MapTrainer t = MapTrainer.builder().optEpochs(20).optBatchSize(16).optLearningRate(0.01).optSeed(1).build();
        Swag s = Swag.builder().optEpochs(6).optBatchSize(16).optSnapshotEvery(2).optRank(5).optSamples(8)
                .optSeed(4).build();
        try (SwagPosterior a = Methods.fromMap(FitRequest.builder(small).likelihood(Likelihood.GAUSSIAN).network(NET)
                .trainer(t).seed(1).build(),map -> s.fit(map, small));
                SwagPosterior b = Methods.fromMap(FitRequest.builder(small).likelihood(Likelihood.GAUSSIAN).network(NET)
                        .trainer(t).seed(1).build(),map -> s.fit(map, small));
                MapPosterior map = MapMethod.train(FitRequest.builder(small).likelihood(Likelihood.GAUSSIAN)
                        .network(NET).trainer(t).seed(1).build());
                SwagPosterior c = Swag.builder().optEpochs(6).optBatchSize(16).optSnapshotEvery(2).optRank(5)
                        .optSamples(8).optSeed(5).build().fit(map, small)) {
            RegressionPredictive pa = a.predictRegression(gapGrid);
            RegressionPredictive pb = b.predictRegression(gapGrid);
            assertThat(pb.mean()).containsExactly(pa.mean());
            assertThat(pb.epistemicVariance()).containsExactly(pa.epistemicVariance());
            assertThat(a.predictRegression(gapGrid).mean()).containsExactly(pa.mean());
            assertThat(c.predictRegression(gapGrid).mean()).isNotEqualTo(pa.mean());

            a.save(tmp.resolve("swag"));
            try (Posterior loaded = Posteriors.load(tmp.resolve("swag"))) {
                assertThat(loaded.method()).isEqualTo("swag");
                assertThat(loaded.schema()).isEqualTo(a.schema());
                RegressionPredictive pl = loaded.predictRegression(gapGrid);
                PredictiveAssertions.assertIdentical(pl, pa);
            }
        }
    }

    /** Classification: a valid predictive with positive mutual information; the diagonal variant round-trips. */
    @Test
    void classificationDiagonalSwag() throws IOException {
        Dataset train = TestTables.blobs(120, 2, 3, 1);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.RELU, 0.1f, 1);
        MapTrainer t = MapTrainer.builder().optEpochs(10).optBatchSize(32).optLearningRate(0.01).optSeed(1).build();
        Swag s = Swag.builder().optEpochs(5).optBatchSize(32).optCovariance(SwagCovariance.DIAGONAL).optSamples(10)
                .optSeed(3).build();
        try (SwagPosterior post = Methods.fromMap(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).trainer(t).seed(1).build(),map -> s.fit(map, train))) {
            assertThat(post.rank()).isZero();
            ClassificationPredictive p = post.predictClasses(train);
            for (double[] row : p.probabilities()) {
                assertThat(row[0] + row[1] + row[2]).isCloseTo(1.0, within(1e-9));
            }
            assertThat(java.util.Arrays.stream(p.mutualInformation()).max().getAsDouble()).isPositive();
            post.save(tmp.resolve("diag"));
            try (Posterior loaded = Posteriors.load(tmp.resolve("diag"))) {
                assertThat(loaded.predictClasses(train).probabilities()).isDeepEqualTo(p.probabilities());
            }
        }
    }

    /**
     * The default learning rate is min(0.01, (1 + μ)/h), h = λ_max(Λ)/N with Λ = AᵀA/σ² + λI the exact
     * Hessian of Bayesian linear regression ({@link BayesianLinearRegression#precision}, eigenvalue by
     * EJML): the features are 10 times as large as usual so that the cap binds.
     */
    @Test
    void theDefaultLearningRateIsHalfTheStabilityLimitAtTheLargestCurvature() {
        Dataset train = TestTables.linearRegression(40, new double[] {0.8, -0.4}, 0.3, BayesianLinearRegression.SIGMA,
                10.0, 21);
        double h = BayesianLinearRegression.largestEigenvalue(BayesianLinearRegression.precision(train)) / 40;
        double expected = Math.min(Swag.MAX_LEARNING_RATE, 1.9 / h);
        assertThat(expected).isLessThan(Swag.MAX_LEARNING_RATE / 2);
        try (MapPosterior model = BayesianLinearRegression.knownNoiseModel(train);
                SwagPosterior post = Swag.builder().optEpochs(3).optBatchSize(8).optSeed(1).build().fit(model, train)) {
            assertThat(post.diagnostics().get("swagLearningRate").getAsDouble()).isCloseTo(expected,
                    within(1e-3 * expected));
        }
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> Swag.builder().optRank(1).build()).hasMessage("swag-rank must be >= 2, found 1");
        assertThatThrownBy(() -> Swag.builder().optScale(-1).build()).hasMessage("swag-scale must be >= 0, found -1.0");
        assertThatThrownBy(() -> Swag.builder().optLearningRate(0.0).build())
                .hasMessage("swag-lr must be > 0, found 0.0");
        assertThatThrownBy(() -> Swag.builder().optLearningRate(0.01).optCyclicLearningRate(0.1, 5).build())
                .hasMessage("swag-min-lr must be in (0, 0.01] (at most swag-lr), found 0.1");
        assertThatThrownBy(() -> Swag.builder().optCyclicLearningRate(1e-3, 5).optSnapshotEvery(2).build())
                .hasMessage("swag-snapshot-every must be 0 with a cyclic learning rate (snapshots at each cycle's end),"
                        + " found 2");
        assertThatThrownBy(() -> SwagCovariance.parse("full"))
                .hasMessage("swag-covariance must be diagonal or low-rank, found 'full'");
    }
}
