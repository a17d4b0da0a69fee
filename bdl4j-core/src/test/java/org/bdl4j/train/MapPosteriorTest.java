package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapPosteriorTest {
    @TempDir
    Path tmp;

    private static MapTrainer quick(int epochs) {
        return MapTrainer.builder().optEpochs(epochs).optBatchSize(32).optLearningRate(0.01).optSeed(3).build();
    }

    @Test
    void classificationSaveLoadPredictIsBitIdentical() throws IOException {
        Dataset train = TestTables.blobs(200, 3, 3, 1);
        Dataset test = TestTables.blobs(50, 3, 3, 2);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {3}, new int[] {16}, Activation.RELU, 0.1f, 1);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).trainer(quick(5)).seed(3).build())) {
            ClassificationPredictive before = map.predictClasses(test);
            map.save(tmp.resolve("model"));
            try (Posterior loaded = Posteriors.load(tmp.resolve("model"))) {
                assertThat(loaded.method()).isEqualTo("map");
                assertThat(loaded.schema()).isEqualTo(map.schema());
                ClassificationPredictive after = loaded.predictClasses(test);
                assertThat(after.probabilities()).isDeepEqualTo(before.probabilities());
                assertThat(after.classNames()).containsExactly("class0", "class1", "class2");
            }
        }
    }

    @Test
    void aPointMassHasNoEpistemicUncertainty() {
        Dataset train = TestTables.blobs(100, 2, 2, 1);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {8}, Activation.RELU, 0f, 1);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).trainer(quick(3)).seed(3).build())) {
            ClassificationPredictive p = map.predictClasses(train);
            assertThat(p.mutualInformation()).containsOnly(0.0);
            assertThat(p.expectedEntropy()).containsExactly(p.entropy());
        }
    }

    /**
     * Regression in original units: targets y = 1000 + 50 (x·w) + noise 20. With standardisation the
     * network sees unit-scale targets; the predictive must come back in the original units, with the
     * noise estimate near the true 20 (σ² from the residuals, 400 rows: a few percent of error).
     */
    @Test
    void standardisedRegressionPredictsInOriginalUnits() throws IOException {
        Dataset base = TestTables.linearRegression(400, new double[] {1.0, -0.5}, 0, 0.4, 1.0, 5);
        float[] y = base.targets().clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = 1000f + 50f * y[i];
        }
        Dataset train = base.withTargets(y);
        NetworkSpec linear = NetworkSpec.mlp(new int[] {2}, new int[0], Activation.RELU, 0f, 1);
        MapTrainer trainer = MapTrainer.builder().optEpochs(300).optBatchSize(400).optLearningRate(0.05)
                .optPriorPrecision(1e-3).optSeed(1).build();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.GAUSSIAN)
                .network(linear).trainer(trainer).seed(1).build())) {
            RegressionPredictive p = map.predictRegression(train);
            double meanPred = 0;
            for (double m : p.mean()) {
                meanPred += m / p.size();
            }
            assertThat(meanPred).isCloseTo(1000, within(5.0));
            assertThat(Math.sqrt(p.aleatoricVariance()[0])).isCloseTo(20.0, within(2.0));
            assertThat(p.epistemicVariance()).containsOnly(0.0);
            map.save(tmp.resolve("reg"));
            try (Posterior loaded = Posteriors.load(tmp.resolve("reg"))) {
                RegressionPredictive q = loaded.predictRegression(train);
                assertThat(q.mean()).containsExactly(p.mean());
                assertThat(q.aleatoricVariance()).containsExactly(p.aleatoricVariance());
            }
        }
    }

    @Test
    void heteroscedasticHeadLearnsNoiseThatGrowsWithX() {
        // y = N(0, (0.1 + 0.4 x)^2) for x in [0, 2]: the fitted std at x=1.8 exceeds that at x=0.2
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        int n = 800;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (2 * r.nextDouble());
            y[i] = (float) ((0.1 + 0.4 * x[i]) * TestTables.gaussian(r));
        }
        Dataset train = Dataset.regression(x, n, new int[] {1}, java.util.List.of("x"), y, "y");
        NetworkSpec spec = NetworkSpec.mlp(new int[] {1}, new int[] {32}, Activation.TANH, 0f, 1);
        MapTrainer trainer = MapTrainer.builder().optEpochs(60).optBatchSize(64).optLearningRate(0.01)
                .optPriorPrecision(1.0).optSeed(2).build();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train)
                .likelihood(Likelihood.HETEROSCEDASTIC_GAUSSIAN).network(spec).trainer(trainer).seed(2).build())) {
            Dataset probe = Dataset.unlabeled(new float[] {0.2f, 1.8f}, 2, new int[] {1}, java.util.List.of("x"));
            double[] sd = map.predictRegression(probe).std();
            // true stds 0.18 and 0.82; the fit is loose with 800 points, so compare with generous margins
            assertThat(sd[0]).isBetween(0.08, 0.35);
            assertThat(sd[1]).isBetween(0.55, 1.2);
        }
    }

    @Test
    void wrongFeatureCountIsRejected() {
        Dataset train = TestTables.blobs(50, 3, 2, 1);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {3}, new int[0], Activation.RELU, 0f, 1);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).standardize(false).trainer(quick(1)).seed(3).build())) {
            assertThatThrownBy(() -> map.predict(TestTables.blobs(5, 4, 2, 1)))
                    .hasMessage("the model takes 3 features, the data has 4");
        }
    }

    @Test
    void aManifestWithABrokenNetworkFieldIsReportedInOneLine() throws IOException {
        Dataset train = TestTables.blobs(50, 3, 2, 1);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {3}, new int[0], Activation.RELU, 0f, 1);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).standardize(false).trainer(quick(1)).seed(3).build())) {
            map.save(tmp.resolve("m"));
        }
        Path manifest = tmp.resolve("m").resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"activation\": \"relu\"", "\"activation\": \"swish\""));
        assertThatThrownBy(() -> Posteriors.load(tmp.resolve("m"))).isInstanceOf(ModelFileException.class)
                .hasMessage(manifest + ": invalid \"network\": activation must be relu, tanh, gelu or sigmoid, found 'swish'");
        Files.writeString(manifest, Files.readString(manifest).replace("\"method\": \"map\"", "\"method\": \"magic\""));
        assertThatThrownBy(() -> Posteriors.load(tmp.resolve("m")))
                .hasMessageContaining("unknown method 'magic' (this bdl4j reads ").hasMessageMatching(".*\\bmap\\b.*");
    }

    @Test
    void aThetaOfTheWrongLengthIsAnInconsistentModel() throws IOException {
        Dataset train = TestTables.blobs(50, 3, 2, 1);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {3}, new int[0], Activation.RELU, 0f, 1);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).standardize(false).trainer(quick(1)).seed(3).build())) {
            map.save(tmp.resolve("m"));
        }
        Path manifest = tmp.resolve("m").resolve("manifest.json");
        // a structurally valid manifest whose network no longer matches the stored weights
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"hidden\": \\[\\]", "\"hidden\": [4]"));
        assertThatThrownBy(() -> Posteriors.load(tmp.resolve("m"))).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("the network has 26 parameters, the vector has 8");
    }
}
