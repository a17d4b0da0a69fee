package org.bdl4j.usermodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.curvature.ReferenceMlp;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionValues;
import org.bdl4j.swag.SwagMethod;
import org.bdl4j.swag.SwagPosterior;
import org.bdl4j.swag.SwagSubset;
import org.bdl4j.train.LeakProbe;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SWAG over all weights of a TorchScript network, by fine-tuning it through its graph. References: the
 * user's network itself (in double precision through {@link ReferenceMlp} at the weights the fixture
 * script wrote) when SGD does not move, and bdl4j's own SWAG on the identical network built in bdl4j
 * from those weights, which runs the same SGD phase ({@code Swag.trajectory}) on another forward and
 * backward pass (bdl4j's layers against the TorchScript graph).
 */
class UserModelSwagTest {
    private static final Dataset TRAIN = UserModelFixtures.classification(300, 21);
    private static final Dataset TEST = UserModelFixtures.classification(200, 22);
    private static final NetworkSpec SPEC = NetworkSpec.mlp(new int[] {4}, new int[] {8, 8}, Activation.TANH, 0f, 3);
    /** 4·8 + 8 + 8·8 + 8 + 8·3 + 3. */
    private static final int WEIGHTS = 139;

    private static OptionValues all() {
        return OptionValues.empty().with(SwagMethod.SUBSET, SwagSubset.ALL);
    }

    private static Posterior fit(String file, FitRequest request) {
        try (UserModel m = UserModel.load(UserModelFixtures.file(file), OutputSelection.firstTwo())) {
            return UserModelFit.fit(m, Methods.get("swag"), request);
        }
    }

    /**
     * With a learning rate of 10⁻¹², SGD leaves every float32 weight where it is: the SWA mean is the
     * user's weights, the variance and deviations vanish, and the predictive is the user's network,
     * softmax of its logits computed here in double precision from the weights the fixture script wrote.
     * Fitted through a preparation shared by several methods, as {@code compare} does.
     */
    @Test
    void withoutStepsTheSwaMeanIsTheUsersWeightsAndThePredictiveTheUsersNetwork() throws Exception {
        float[] t = UserModelFixtures.classifierTheta();
        FitRequest r = FitRequest.builder(TRAIN).options(all().with(SwagMethod.LEARNING_RATE, 1e-12)
                .with(SwagMethod.EPOCHS, 3).with(SwagMethod.SAMPLES, 5)).seed(1).build();
        Posterior fitted;
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo());
                UserModelFit.Prepared prepared = UserModelFit.prepare(m, r)) {
            fitted = prepared.fit(Methods.get("swag"), r);
        }
        try (Posterior p = fitted) {
            UserModelSwag swag = (UserModelSwag) p;
            assertEquals("swag", p.method());
            assertArrayEquals(t, swag.gaussian().mean(), 0f);
            assertArrayEquals(new float[t.length], swag.gaussian().variance(), 0f);
            assertEquals(3, swag.gaussian().rank());
            for (float[] d : swag.gaussian().deviations()) {
                assertArrayEquals(new float[t.length], d, 0f);
            }
            double[][] probabilities = p.predictClasses(TEST).probabilities();
            double[] theta = Floats.toDoubles(t);
            for (int r0 = 0; r0 < TEST.rows(); r0++) {
                double[] expected = ReferenceMlp.softmax(UserModelFixtures.CLASSIFIER.forward(theta,
                        Floats.toDoubles(TEST.row(r0))));
                assertArrayEquals(expected, probabilities[r0], 1e-5, "row " + r0);
            }
        }
    }

    /**
     * The same seed and options on the identical bdl4j network (the fixture's weights, the same λ) give
     * the same SGD phase: the same batch order, the same learning rate from the curvature, gradients
     * that differ only by float32 rounding (another summation order in another forward pass, ~10⁻⁷
     * relative). 60 momentum steps of η ≤ 0.01 amplify such differences little;
     * the tolerance 10⁻⁵ is for another machine's kernels (measured here: identical to the last bit, the
     * two forward passes run the same libtorch kernels). The predictives draw the same weights.
     */
    @Test
    void equalsBdl4jsOwnSwagOnTheIdenticalNetwork() throws Exception {
        float[] t = UserModelFixtures.classifierTheta();
        double lambda = FitRequest.builder(TRAIN).build().trainer().priorPrecision(TRAIN.rows());
        OptionValues options = OptionValues.empty().with(SwagMethod.SAMPLES, 20);
        JsonObject prior = new JsonObject();
        prior.addProperty("priorPrecision", lambda);
        float[] mean;
        float[] variance;
        float[][] deviations;
        double[][] reference;
        Network net = Network.withParameters(SPEC, DropoutMode.STANDARD, t, Device.cpu());
        // the seed of bdl4j's SWAG draws is its MAP's (the header it derives from): the request's here
        try (MapPosterior base = new MapPosterior(net, Likelihood.CATEGORICAL, ModelSchema.of(TRAIN, false), Double.NaN,
                prior, 4);
                Posterior own = Methods.fit("swag", FitRequest.builder(TRAIN).network(SPEC).standardize(false)
                        .options(options).base(base).seed(4).build())) {
            SwagPosterior s = (SwagPosterior) own;
            mean = s.mean();
            variance = s.variance();
            deviations = s.deviations();
            reference = own.predictClasses(TEST).probabilities();
        }
        try (Posterior p = fit("classifier.pt", FitRequest.builder(TRAIN).options(options.with(SwagMethod.SUBSET,
                SwagSubset.ALL)).seed(4).build())) {
            UserModelSwag user = (UserModelSwag) p;
            assertArrayEquals(t, user.currentWeights(), 0f, "the module holds the fixture's weights");
            float[] m = user.gaussian().mean();
            double moved = 0;
            double difference = 0;
            for (int i = 0; i < t.length; i++) {
                assertEquals(mean[i], m[i], 1e-5, "SWA mean of weight " + i);
                moved = Math.max(moved, Math.abs(m[i] - t[i]));
                difference = Math.max(difference, Math.abs(m[i] - mean[i]));
            }
            System.out.printf("SWA mean: moved %.3g from the user's weights, %.3g from bdl4j's own SWAG%n", moved,
                    difference);
            assertTrue(moved > 1e-3, "SGD must move the weights, moved " + moved);
            float[] v = user.gaussian().variance();
            for (int i = 0; i < t.length; i++) {
                assertEquals(variance[i], v[i], 1e-6 + 1e-3 * variance[i], "variance of weight " + i);
            }
            float[][] d = user.gaussian().deviations();
            assertEquals(deviations.length, d.length);
            for (int k = 0; k < d.length; k++) {
                assertArrayEquals(deviations[k], d[k], 1e-5f, "deviation " + k);
            }
            double[][] q = p.predictClasses(TEST).probabilities();
            for (int r = 0; r < q.length; r++) {
                assertArrayEquals(reference[r], q[r], 1e-4, "row " + r);
            }
        }
    }

    /**
     * With the defaults, the predictive on held-out rows has a finite NLL, keeps the network's accuracy,
     * spreads some probability (mutual information above 0), predicts the same twice with the user's
     * weights back in the module after each prediction, survives saving, and leaves no native array
     * behind ({@link LeakProbe}).
     */
    @Test
    void predictsOnHeldOutRowsRestoresTheWeightsSurvivesSavingAndLeaksNothing(@TempDir Path dir) throws Exception {
        float[] t = UserModelFixtures.classifierTheta();
        int live = LeakProbe.liveArrays();
        try (Posterior p = fit("classifier.pt", FitRequest.builder(TRAIN).options(all()).seed(7).build())) {
            ClassificationPredictive c = p.predictClasses(TEST);
            assertArrayEquals(t, ((UserModelSwag) p).currentWeights(), 0f, "weights restored after predicting");
            double nll = 0;
            double accuracy = 0;
            for (int r = 0; r < TEST.rows(); r++) {
                nll -= Math.log(c.probabilities()[r][TEST.labels()[r]]) / TEST.rows();
                accuracy += c.predictions()[r] == TEST.labels()[r] ? 1.0 / TEST.rows() : 0;
            }
            double mi = Arrays.stream(c.mutualInformation()).average().orElseThrow();
            System.out.printf("whole-network SWAG on held-out rows: NLL %.4f, accuracy %.3f, mean MI %.3g%n", nll,
                    accuracy, mi);
            assertTrue(Double.isFinite(nll) && nll < 0.5, "NLL " + nll);
            assertTrue(accuracy > 0.85, "accuracy " + accuracy);
            assertTrue(mi > 0 && Arrays.stream(c.mutualInformation()).max().orElseThrow() > 1e-4, "MI " + mi);
            assertArrayEquals(c.probabilities()[9], p.predictClasses(TEST).probabilities()[9], 0.0);
            p.save(dir.resolve("swag"));
            try (Posterior loaded = Posteriors.load(dir.resolve("swag"))) {
                assertEquals("swag", loaded.method());
                double[][] again = loaded.predictClasses(TEST).probabilities();
                for (int r = 0; r < TEST.rows(); r++) {
                    assertArrayEquals(c.probabilities()[r], again[r], 0.0, "row " + r);
                }
            }
        }
        assertEquals(live, LeakProbe.liveArrays(), "native arrays left behind by fine-tuning and the weight draws");
    }

    /** The Gaussian likelihood: σ from the network's residuals, a variance spread over the weight draws. */
    @Test
    void aRegressionNetworkGetsEpistemicVariance() {
        Dataset train = UserModelFixtures.regression(200, 23);
        Dataset test = UserModelFixtures.regression(100, 24);
        float[] f;
        try (UserModel m = UserModel.load(UserModelFixtures.file("regressor.pt"), OutputSelection.firstTwo())) {
            f = m.predictions(train).predictions();
        }
        double sigma = UserModelFit.residualSigma(train.targets(), f);
        FitRequest r = FitRequest.builder(train).likelihood(Likelihood.GAUSSIAN).options(all()
                .with(SwagMethod.EPOCHS, 5).with(SwagMethod.SAMPLES, 30)).seed(2).build();
        try (Posterior p = fit("regressor.pt", r)) {
            RegressionPredictive q = p.predictRegression(test);
            for (int i = 0; i < test.rows(); i++) {
                assertEquals(sigma * sigma, q.aleatoricVariance()[i], 1e-6 * sigma * sigma, "aleatoric of row " + i);
                assertTrue(q.epistemicVariance()[i] > 0 && Double.isFinite(q.mean()[i]), "row " + i);
            }
        }
    }

    @Test
    void badInputGetsOneLine() {
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.onnx"), OutputSelection.firstTwo())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserModelFit.fit(m,
                    Methods.get("swag"), FitRequest.builder(TRAIN).options(all()).build()));
            assertTrue(e.getMessage().endsWith(": the methods over all of a network's weights need its parameters,"
                    + " which only TorchScript exposes (an ONNX graph hides them)"), e.getMessage());
        }
        try (Network net = Network.withParameters(SPEC, DropoutMode.STANDARD, new float[WEIGHTS],
                Device.cpu());
                UserModel block = UserModel.of(net.block(), net.manager(), OutputSelection.firstTwo())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserModelFit.fit(block,
                    Methods.get("swag"), FitRequest.builder(TRAIN).options(all()).build()));
            assertEquals("SWAG over all weights needs the network's TorchScript file, not a DJL block", e.getMessage());
        }
        try (UserModel split = UserModel.loadFeatureExtractor(UserModelFixtures.file("classifier_extractor.pt"), 0,
                LastLayerFile.read(UserModelFixtures.file("classifier_head.pt")))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserModelFit.fit(split,
                    Methods.get("swag"), FitRequest.builder(TRAIN).options(all()).build()));
            assertEquals("this network returns its features only, its last layer given separately: the methods over"
                    + " the whole network need the network with its last layer in one file", e.getMessage());
        }
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo())) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> UserModelFit.fit(m,
                    Methods.get("swag"), FitRequest.builder(TRAIN).options(all().with(SwagMethod.RANK, 1)).build()));
            assertEquals("swag-rank must be >= 2, found 1", e.getMessage());
        }
        JsonObject prior = new JsonObject();
        prior.addProperty("priorPrecision", 1.0);
        Network net = Network.withParameters(SPEC, DropoutMode.STANDARD, new float[WEIGHTS], Device.cpu());
        try (MapPosterior base = new MapPosterior(net, Likelihood.CATEGORICAL, ModelSchema.of(TRAIN, false), Double.NaN,
                prior, 0)) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> Methods.fit("swag",
                    FitRequest.builder(TRAIN).network(SPEC).standardize(false).base(base).options(OptionValues.empty()
                            .with(SwagMethod.SUBSET, SwagSubset.LAST_LAYER)).build()));
            assertEquals("SWAG covers every weight of a network bdl4j trains: swag-subset last-layer applies to a"
                    + " network trained elsewhere (--model-file)", e.getMessage());
        }
    }
}
