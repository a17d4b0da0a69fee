package org.bdl4j.usermodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.curvature.ReferenceMlp;
import org.bdl4j.data.Dataset;
import org.bdl4j.ensemble.EnsembleMethod;
import org.bdl4j.laplace.HessianStructure;
import org.bdl4j.laplace.LaplaceMethod;
import org.bdl4j.math.Floats;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.options.OptionValues;
import org.bdl4j.ood.OodScore;
import org.bdl4j.ood.OodScorer;
import java.util.Map;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.LeakProbe;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Methods fitted to a user model's last layer. The reference is the same method fitted by bdl4j to
 * the identical network built in bdl4j (the weights the fixture script wrote), as issue 14 asks: the
 * two paths share the method's code but not the features (TorchScript's forward against bdl4j's
 * network cut at its last layer) nor the MAP (the user's layer found in the TorchScript parameters
 * against bdl4j's own).
 */
class UserModelFitTest {
    private static final Dataset TRAIN = UserModelFixtures.classification(300, 5);
    private static final Dataset TEST = UserModelFixtures.classification(200, 6);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(HessianStructure.class)
    void lastLayerLaplaceEqualsTheSameLaplaceOnTheNetworkBuiltInBdl4j(HessianStructure hessian) throws Exception {
        OptionValues options = OptionValues.empty().with(LaplaceMethod.HESSIAN, hessian);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {4}, new int[] {8, 8}, Activation.TANH, 0f, 3);
        Network net = Network.withParameters(spec, DropoutMode.STANDARD, UserModelFixtures.classifierTheta(),
                Device.cpu());
        double[][] reference;
        double[][] map;
        try (MapPosterior base = new MapPosterior(net, Likelihood.CATEGORICAL, ModelSchema.of(TRAIN, false), Double.NaN,
                prior(1), 0);
                Posterior laplace = Methods.fit("laplace", FitRequest.builder(TRAIN).network(spec).standardize(false)
                        .options(options).base(base).build())) {
            reference = laplace.predictClasses(TEST).probabilities();
            map = base.predictClasses(TEST).probabilities();
        }
        try (Posterior user = fit("classifier.pt", "laplace", FitRequest.builder(TRAIN).options(options).build())) {
            assertEquals("laplace", user.method());
            double[][] p = user.predictClasses(TEST).probabilities();
            double moved = 0;
            for (int r = 0; r < p.length; r++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(reference[r][k], p[r][k], 1e-5, "row " + r + " class " + k);
                    moved = Math.max(moved, Math.abs(p[r][k] - map[r][k]));
                }
            }
            assertTrue(moved > 1e-3, "the Laplace predictive must differ from the MAP's, moved " + moved);
        }
    }

    /** The Gaussian case: the bdl4j network gets the TorchScript model's layers, checked by its own forward. */
    @Test
    void regressionLaplaceEqualsTheSameLaplaceOnTheNetworkBuiltInBdl4j() {
        Dataset train = UserModelFixtures.regression(200, 7);
        Dataset test = UserModelFixtures.regression(100, 8);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {16, 16}, Activation.TANH, 0f, 1);
        float[] theta;
        UserModel.Outputs run;
        try (UserModel m = UserModel.load(UserModelFixtures.file("regressor.pt"), OutputSelection.firstTwo())) {
            run = m.run(train);
            List<LinearLayer> layers = m.linearLayers().orElseThrow();
            assertEquals(List.of("fc1", "fc2", "head"), layers.stream().map(LinearLayer::name).toList());
            theta = concat(layers);
        }
        RegressionPredictive reference;
        try (Network net = Network.withParameters(spec, DropoutMode.STANDARD, theta, Device.cpu());
                NDManager batch = NDManager.newBaseManager()) {
            NDArray out = net.forward(Inputs.rows(batch, train.features(), train.featureShape(), 0, train.rows()), false);
            float[] f = out.toFloatArray();
            for (int i = 0; i < f.length; i++) {
                assertEquals(run.predictions()[i], f[i], 1e-5, "the bdl4j network's mean at row " + i);
            }
        }
        Network net = Network.withParameters(spec, DropoutMode.STANDARD, theta, Device.cpu());
        double sigma = UserModelFit.residualSigma(train.targets(), run.predictions());
        try (MapPosterior base = new MapPosterior(net, Likelihood.GAUSSIAN, ModelSchema.of(train, false), sigma,
                prior(1), 0);
                Posterior laplace = Methods.fit("laplace", FitRequest.builder(train).network(spec).standardize(false)
                        .base(base).build())) {
            reference = laplace.predictRegression(test);
        }
        try (Posterior user = fit("regressor.pt", "laplace", FitRequest.builder(train).build())) {
            RegressionPredictive p = user.predictRegression(test);
            for (int i = 0; i < test.rows(); i++) {
                assertEquals(reference.mean()[i], p.mean()[i], 1e-5, "mean of row " + i);
                assertEquals(reference.aleatoricVariance()[i], p.aleatoricVariance()[i], 1e-6, "aleatoric of row " + i);
                assertEquals(reference.epistemicVariance()[i], p.epistemicVariance()[i],
                        1e-5 * reference.epistemicVariance()[i] + 1e-9, "epistemic of row " + i);
            }
            assertTrue(p.epistemicVariance()[0] > 0);
        }
    }

    /**
     * An ONNX file (the same network exported by the fixture script) hides its parameters: its last
     * layer is recovered by least squares from its outputs, to the weights the script wrote, and its
     * Laplace equals the TorchScript file's.
     */
    @Test
    void anOnnxNetworksLastLayerIsRecoveredAndItsLaplaceEqualsTheTorchScriptOnes() throws Exception {
        float[] t = UserModelFixtures.classifierTheta();
        try (UserModel onnx = UserModel.load(UserModelFixtures.file("classifier.onnx"), OutputSelection.firstTwo());
                UserModel pt = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo())) {
            assertEquals(java.util.Optional.empty(), onnx.linearLayers());
            UserModel.Outputs a = onnx.run(TRAIN);
            UserModel.Outputs b = pt.run(TRAIN);
            for (int i = 0; i < a.predictions().length; i++) {
                assertEquals(b.predictions()[i], a.predictions()[i], 1e-5);
            }
            LinearLayer last = UserModelFit.lastLayer(onnx, a);
            float[] theta = last.theta();
            for (int i = 0; i < theta.length; i++) {
                assertEquals(t[112 + i], theta[i], 1e-3, "weight " + i);
            }
            double[][] fromOnnx;
            double[][] fromPt;
            try (Posterior p = UserModelFit.fit(onnx, Methods.get("laplace"), FitRequest.builder(TRAIN).build());
                    Posterior q = UserModelFit.fit(pt, Methods.get("laplace"), FitRequest.builder(TRAIN).build())) {
                fromOnnx = p.predictClasses(TEST).probabilities();
                fromPt = q.predictClasses(TEST).probabilities();
            }
            for (int r = 0; r < fromPt.length; r++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(fromPt[r][k], fromOnnx[r][k], 1e-4, "row " + r + " class " + k);
                }
            }
        }
    }

    /** Too few rows to recover a hidden last layer are refused, not fitted exactly. */
    @Test
    void aHiddenLastLayerNeedsRowsToCheckItsRecovery() {
        try (UserModel onnx = UserModel.load(UserModelFixtures.file("classifier.onnx"), OutputSelection.firstTwo())) {
            UserModel.Outputs few = onnx.run(TRAIN.slice(0, 30));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UserModelFit.lastLayer(onnx, few));
            assertEquals("this model's parameters cannot be read, so its last layer is recovered from its outputs,"
                    + " which needs at least 36 rows (4 x (features + 1)), found 30", e.getMessage());
        }
    }

    /** The map method on a user model is the user's network as it is: softmax of its logits. */
    @Test
    void mapIsTheUsersNetwork() {
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo());
                Posterior map = fit("classifier.pt", "map", FitRequest.builder(TRAIN).build())) {
            float[] logits = m.run(TEST).predictions();
            double[][] p = map.predictClasses(TEST).probabilities();
            for (int r = 0; r < TEST.rows(); r++) {
                assertArrayEquals(ReferenceMlp.softmax(row(logits, r)), p[r], 1e-6);
            }
        }
    }

    @Test
    void anEnsembleOfHeadsTrainsNewHeadsOnTheFeatures() {
        FitRequest r = FitRequest.builder(TRAIN).options(OptionValues.empty().with(EnsembleMethod.MEMBERS, 3))
                .trainer(MapTrainer.builder().optBudget(TrainingBudget.epochs(30)).optSeed(3).build()).seed(3).build();
        try (Posterior ens = fit("classifier.pt", "ensemble", r)) {
            var p = ens.predictClasses(TEST);
            double accuracy = 0;
            double spread = 0;
            for (int i = 0; i < TEST.rows(); i++) {
                accuracy += p.predictions()[i] == TEST.labels()[i] ? 1.0 / TEST.rows() : 0;
                spread = Math.max(spread, p.mutualInformation()[i]);
            }
            assertTrue(accuracy > 0.9, "accuracy " + accuracy);
            assertTrue(spread > 1e-4, "the heads must differ, largest mutual information " + spread);
        }
    }

    @Test
    void savedModelsPredictTheSameAndRefuseAChangedNetwork() throws Exception {
        Path dir = tmp.resolve("m");
        double[][] before;
        try (Posterior p = fit("classifier.pt", "laplace", FitRequest.builder(TRAIN).build())) {
            before = p.predictClasses(TEST).probabilities();
            p.save(dir);
        }
        try (Posterior loaded = Posteriors.load(dir)) {
            assertEquals("laplace", loaded.method());
            double[][] after = loaded.predictClasses(TEST).probabilities();
            for (int r = 0; r < before.length; r++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(before[r][k], after[r][k], 0.0);
                }
            }
        }
        Path pt = dir.resolve(UserModelPosterior.NETWORK).resolve(UserModelPosterior.NETWORK_FILE + ".pt");
        Files.copy(UserModelFixtures.file("regressor.pt"), pt, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Posteriors.load(dir));
        assertTrue(e.getMessage().startsWith(pt + ": the user's network has changed since the model was saved"),
                e.getMessage());
    }

    /**
     * One preparation serves several methods; each posterior holds the network, which is freed with the
     * last holder, and no native array outlives them (counted by {@link LeakProbe}).
     */
    @Test
    void preparedFeaturesServeSeveralMethodsAndTheLastHolderFreesTheNetwork() {
        int before = LeakProbe.liveArrays();
        UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo());
        FitRequest request = FitRequest.builder(TRAIN).build();
        Posterior laplace;
        Posterior swag;
        try (m; UserModelFit.Prepared head = UserModelFit.prepare(m, request)) {
            assertEquals("head", head.lastLayer().name());
            laplace = head.fit(Methods.get("laplace"), request);
            swag = head.fit(Methods.get("swag"), request);
        }
        try (laplace; swag) {
            assertEquals(TEST.rows(), laplace.predictClasses(TEST).size());
            assertEquals(TEST.rows(), swag.predictClasses(TEST).size());
        }
        assertThrows(IllegalStateException.class, () -> m.run(TEST));
        assertEquals(before, LeakProbe.liveArrays());
    }

    /**
     * The logit and feature scores of a user model's posterior come from its own network: the energy is
     * −log Σ exp of the user's logits (here recomputed from the TorchScript outputs), and the
     * Mahalanobis score is fitted on the user's features.
     */
    @Test
    void oodScoresUseTheUsersLogitsAndFeatures() {
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo());
                Posterior laplace = fit("classifier.pt", "laplace", FitRequest.builder(TRAIN).build())) {
            float[] logits = m.run(TEST).predictions();
            OodScorer scorer = OodScorer.withTrainingRows(laplace, TRAIN);
            OodScorer.Scored s = scorer.score(TEST, List.of(OodScore.ENERGY, OodScore.MAHALANOBIS));
            assertEquals(Map.of(), s.unavailable());
            double[] energy = s.scores().get(OodScore.ENERGY);
            for (int r = 0; r < TEST.rows(); r++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += Math.exp(logits[3 * r + k]);
                }
                assertEquals(-Math.log(sum), energy[r], 1e-5, "energy of row " + r);
            }
            Dataset far = TEST.withFeatures(scaled(TEST.features(), 8), TEST.featureShape(), TEST.featureNames());
            double[] near = s.scores().get(OodScore.MAHALANOBIS);
            double[] away = scorer.score(far, List.of(OodScore.MAHALANOBIS)).scores().get(OodScore.MAHALANOBIS);
            assertTrue(mean(away) > mean(near), "rows 8x further out must look further from the classes: "
                    + mean(away) + " against " + mean(near));
        }
    }

    private static float[] scaled(float[] x, float by) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] *= by;
        }
        return y;
    }

    private static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElseThrow();
    }

    /**
     * MC dropout on a scripted network that kept its dropout: the passes differ (mutual information
     * above 0), the same seed gives the same predictive, it survives saving, and it predicts about as
     * well as the network in inference mode.
     */
    @Test
    void mcDropoutRunsAScriptedNetworksOwnDropout(@TempDir Path dir) {
        int live = LeakProbe.liveArrays();
        FitRequest r = FitRequest.builder(TRAIN).seed(2).build();
        try (Posterior mc = fit("dropout_classifier.pt", "mc-dropout", r)) {
            assertEquals("mc-dropout", mc.method());
            var p = mc.predictClasses(TEST);
            double[] mi = p.mutualInformation();
            long spread = java.util.Arrays.stream(mi).filter(v -> v > 1e-4).count();
            assertTrue(spread > TEST.rows() / 2, "rows whose passes disagree: " + spread);
            double accuracy = 0;
            for (int i = 0; i < TEST.rows(); i++) {
                accuracy += p.predictions()[i] == TEST.labels()[i] ? 1.0 / TEST.rows() : 0;
            }
            assertTrue(accuracy > 0.85, "accuracy " + accuracy);
            double[][] again = mc.predictClasses(TEST).probabilities();
            assertEquals(p.probabilities()[7][1], again[7][1], 0.0);
            mc.save(dir.resolve("mc"));
            try (Posterior loaded = Posteriors.load(dir.resolve("mc"))) {
                assertEquals(p.probabilities()[7][1], loaded.predictClasses(TEST).probabilities()[7][1], 0.0);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(live, LeakProbe.liveArrays(), "native arrays left behind by the dropout passes");
    }

    /**
     * An ensemble of two networks the user trained: the predictive is the mean of their softmaxes,
     * computed here from each network's logits, and it survives saving.
     */
    @Test
    void anEnsembleOfUserNetworksAveragesTheirProbabilities(@TempDir Path dir) throws Exception {
        int live = LeakProbe.liveArrays();
        try (UserModel a = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo());
                UserModel b = UserModel.load(UserModelFixtures.file("classifier_b.pt"), OutputSelection.firstTwo());
                Posterior ens = UserModelEnsemble.of(List.of(a, b), FitRequest.builder(TRAIN).build())) {
            assertEquals("ensemble", ens.method());
            float[] za = a.run(TEST).predictions();
            float[] zb = b.run(TEST).predictions();
            var p = ens.predictClasses(TEST);
            double disagreement = 0;
            for (int r = 0; r < TEST.rows(); r++) {
                double[] pa = ReferenceMlp.softmax(row(za, r));
                double[] pb = ReferenceMlp.softmax(row(zb, r));
                for (int k = 0; k < 3; k++) {
                    assertEquals((pa[k] + pb[k]) / 2, p.probabilities()[r][k], 1e-6, "row " + r + " class " + k);
                }
                disagreement = Math.max(disagreement, p.mutualInformation()[r]);
            }
            assertTrue(disagreement > 1e-3, "the members must disagree somewhere: " + disagreement);
            ens.save(dir.resolve("e"));
            try (Posterior loaded = Posteriors.load(dir.resolve("e"))) {
                assertEquals(p.probabilities()[3][2], loaded.predictClasses(TEST).probabilities()[3][2], 0.0);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UserModelEnsemble.of(List.of(a), FitRequest.builder(TRAIN).build()));
            assertEquals("an ensemble of user networks needs at least 2 files, found 1", e.getMessage());
        }
        assertEquals(live, LeakProbe.liveArrays(), "native arrays left behind by the ensemble's predictive");
    }

    private static double[] row(float[] logits, int r) {
        return Floats.toDoubles(java.util.Arrays.copyOfRange(logits, 3 * r, 3 * r + 3));
    }

    @Test
    void mcDropoutIsRefusedForANetworkWithoutDropout() {
        for (String file : List.of("classifier.pt", "classifier.onnx")) {
            try (UserModel m = UserModel.load(UserModelFixtures.file(file), OutputSelection.firstTwo())) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> UserModelFit.fit(m, Methods.get("mc-dropout"), FitRequest.builder(TRAIN).build()));
                assertEquals("the network's predictions do not change between passes in training mode, so it has no"
                        + " dropout left for MC dropout (torch.jit.trace and ONNX export keep none; export with"
                        + " torch.jit.script)", e.getMessage(), file);
            }
        }
    }

    @Test
    void classesMustPairWithTheOutputs() {
        Dataset two = TRAIN.subset(java.util.stream.IntStream.range(0, TRAIN.rows())
                .filter(i -> TRAIN.labels()[i] < 2).toArray());
        Dataset relabelled = Dataset.classification(two.features(), two.rows(), new int[] {4},
                two.featureNames(), two.labels(), List.of("0", "1"), "y");
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UserModelFit.fit(m, Methods.get("laplace"), FitRequest.builder(relabelled).build()));
            assertEquals("the model has 3 outputs, the data 2 classes (0, 1): output k is paired with the k-th class",
                    e.getMessage());
        }
    }

    private static Posterior fit(String file, String method, FitRequest request) {
        try (UserModel m = UserModel.load(UserModelFixtures.file(file), OutputSelection.firstTwo())) {
            return UserModelFit.fit(m, Methods.get(method), request);
        }
    }

    private static JsonObject prior(double lambda) {
        JsonObject o = new JsonObject();
        o.addProperty("priorPrecision", lambda);
        return o;
    }

    private static float[] concat(List<LinearLayer> layers) {
        int n = layers.stream().mapToInt(l -> l.theta().length).sum();
        float[] t = new float[n];
        int at = 0;
        for (LinearLayer l : layers) {
            System.arraycopy(l.theta(), 0, t, at, l.theta().length);
            at += l.theta().length;
        }
        return t;
    }
}
