package org.bdl4j.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibratedPosteriorTest {
    @TempDir
    Path tmp;

    private static MapPosterior classifier(Dataset train) {
        return MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.RELU, 0f, 1)).standardize(false)
                .trainer(MapTrainer.builder().optEpochs(30).optBatchSize(32).optLearningRate(0.01).optPriorPrecision(1e-3)
                        .optSeed(3).build()).seed(3).build());
    }

    @Test
    void temperatureCalibratedMapPredictsSavesAndLoadsBitExactly() throws IOException {
        Dataset train = TestTables.blobs(300, 2, 3, 1);
        Dataset cal = TestTables.blobs(200, 2, 3, 2);
        Dataset test = TestTables.blobs(100, 2, 3, 3);
        MapPosterior map = classifier(train);
        double[][] calLogits = Logits.fromProbabilities(map.predictClasses(cal).probabilities());
        double expectedT = TemperatureScaler.fit(calLogits, cal.labels()).temperature();
        double[][] baseTest = map.predictClasses(test).probabilities();
        Path dir = tmp.resolve("model");
        double[][] before;
        try (CalibratedPosterior post = CalibratedPosterior.fit(map, cal, CalibrationMethod.TEMPERATURE)) {
            assertThat(post.method()).isEqualTo("calibrated");
            assertThat(post.schema()).isEqualTo(map.schema());
            assertThat(((TemperatureScaler) post.calibrator()).temperature()).isEqualTo(expectedT);
            before = post.predictClasses(test).probabilities();
            double[][] manual = new TemperatureScaler(expectedT).probabilities(Logits.fromProbabilities(baseTest));
            for (int i = 0; i < before.length; i++) {
                assertThat(before[i]).containsExactly(manual[i]);
            }
            post.save(dir);
        }
        JsonObject manifest = JsonParser.parseString(Files.readString(dir.resolve("manifest.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(manifest.get("method").getAsString()).isEqualTo("calibrated");
        assertThat(manifest.get("baseMethod").getAsString()).isEqualTo("map");
        assertThat(manifest.getAsJsonObject("calibrator").get("temperature").getAsDouble()).isEqualTo(expectedT);
        assertThat(dir.resolve("base").resolve("manifest.json")).exists();
        try (Posterior loaded = Posteriors.load(dir)) {
            assertThat(loaded).isInstanceOf(CalibratedPosterior.class);
            assertThat(((CalibratedPosterior) loaded).base().method()).isEqualTo("map");
            double[][] after = loaded.predictClasses(test).probabilities();
            for (int i = 0; i < after.length; i++) {
                assertThat(after[i]).containsExactly(before[i]);
            }
        }
    }

    @Test
    void regressionCalibratorsRoundTripWithTheirIntervals() throws IOException {
        Dataset train = TestTables.linearRegression(200, new double[] {1.0, -0.5}, 0.3, 0.5, 1.0, 5);
        Dataset cal = TestTables.linearRegression(150, new double[] {1.0, -0.5}, 0.3, 0.5, 1.0, 6);
        Dataset test = TestTables.linearRegression(50, new double[] {1.0, -0.5}, 0.3, 0.5, 1.0, 7);
        for (CalibrationMethod method : List.of(CalibrationMethod.VARIANCE, CalibrationMethod.QUANTILE)) {
            MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.GAUSSIAN)
                    .network(NetworkSpec.mlp(new int[] {2}, new int[0], Activation.RELU, 0f, 1))
                    .trainer(MapTrainer.builder().optEpochs(40).optBatchSize(50).optLearningRate(0.05).optSeed(1)
                    .build()).seed(1).build());
            Path dir = tmp.resolve(method.cliName());
            RegressionPredictive.Interval before;
            try (CalibratedPosterior post = CalibratedPosterior.fit(map, cal, method)) {
                before = post.predictRegression(test).interval(0.8);
                RegressionPredictive base = map.predictRegression(test);
                RegressionPredictive manual = ((RegressionCalibrator) post.calibrator()).apply(base);
                assertThat(before.lower()).containsExactly(manual.interval(0.8).lower());
                post.save(dir);
            }
            try (Posterior loaded = Posteriors.load(dir)) {
                RegressionPredictive.Interval after = loaded.predictRegression(test).interval(0.8);
                assertThat(after.lower()).as(method.cliName()).containsExactly(before.lower());
                assertThat(after.upper()).as(method.cliName()).containsExactly(before.upper());
            }
        }
    }

    @Test
    void sampleBasedEpistemicUncertaintyIsCarriedOver() {
        // two samples that disagree: mutual information > 0
        float[][][] samples = {{{0.7f, 0.2f, 0.1f}}, {{0.2f, 0.7f, 0.1f}}};
        ClassificationPredictive base = ClassificationPredictive.ofSamples(samples, List.of("a", "b", "c"), true);
        ClassificationPredictive cal = new TemperatureScaler(0.5).apply(base);
        assertThat(cal.sampleProbabilities()).isEmpty();
        assertThat(cal.mutualInformation()[0]).isCloseTo(base.mutualInformation()[0], within(1e-12));
        assertThat(cal.expectedEntropy()[0])
                .isCloseTo(cal.entropy()[0] - base.mutualInformation()[0], within(1e-12));
        // the calibrated mean is the softmax of log(mean) / T, i.e. mean^2 renormalised
        double[] m = base.probabilities()[0];
        double s = m[0] * m[0] + m[1] * m[1] + m[2] * m[2];
        assertThat(cal.probabilities()[0]).containsExactly(new double[] {m[0] * m[0] / s, m[1] * m[1] / s,
            m[2] * m[2] / s}, within(1e-12));
    }

    @Test
    void mismatchesAndTamperingAreReportedInOneLine() throws IOException {
        Dataset train = TestTables.blobs(120, 2, 3, 1);
        try (MapPosterior map = classifier(train)) {
            assertThatThrownBy(() -> CalibratedPosterior.fit(map, train, CalibrationMethod.VARIANCE))
                    .hasMessage("calibration method variance is for regression, the posterior does classification");
            Dataset renamed = Dataset.classification(train.features(), train.rows(), train.featureShape(),
                    train.featureNames(), train.labels(), List.of("x", "y", "z"), "label");
            assertThatThrownBy(() -> CalibratedPosterior.fit(map, renamed, CalibrationMethod.TEMPERATURE))
                    .hasMessage("the calibration labels are [x, y, z], the posterior's classes [class0, class1, class2]");
            assertThatThrownBy(() -> new CalibratedPosterior(map, new VectorScaler(new double[] {1, 1},
                    new double[] {0, 0}))).hasMessage("vector scaling was fitted on 2 classes, the posterior has 3");
            assertThatThrownBy(() -> new CalibratedPosterior(map, new VarianceScaler(2)))
                    .hasMessage("calibrator variance is for regression, the posterior does classification");
            Path dir = tmp.resolve("m");
            new CalibratedPosterior(map, new TemperatureScaler(2)).save(dir);
            Path baseManifest = dir.resolve("base").resolve("manifest.json");
            Files.writeString(baseManifest, Files.readString(baseManifest).replace("\"seed\"", "\"seed\" "));
            assertThatThrownBy(() -> Posteriors.load(dir)).isInstanceOf(ModelFileException.class)
                    .hasMessage(baseManifest + ": checksum mismatch: the nested model was replaced or changed");
        }
    }
}
