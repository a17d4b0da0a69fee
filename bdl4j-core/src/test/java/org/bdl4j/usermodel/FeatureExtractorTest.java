package org.bdl4j.usermodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.Posteriors;
import org.bdl4j.train.LeakProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feature extractor with its last layer in a file of its own. The fixtures {@code classifier_extractor.pt}
 * and {@code classifier_head.pt} are {@code classifier.pt} split at its last layer by the fixture script,
 * and the CSV layer is written here from the weights the script recorded: each form must give the
 * one-file network's outputs and the same last-layer posterior.
 */
class FeatureExtractorTest {
    private static final Dataset TRAIN = UserModelFixtures.classification(300, 5);
    private static final Dataset TEST = UserModelFixtures.classification(200, 6);

    @TempDir
    Path tmp;

    /** The classifier's last layer (8 features, 3 classes) as CSV rows "w_1..w_8,b", from the recorded weights. */
    private Path headCsv() throws IOException {
        float[] theta = UserModelFixtures.classifierTheta();
        int head = 3 * 8 + 3;
        float[] w = Arrays.copyOfRange(theta, theta.length - head, theta.length - 3);
        float[] b = Arrays.copyOfRange(theta, theta.length - 3, theta.length);
        StringBuilder csv = new StringBuilder("w1,w2,w3,w4,w5,w6,w7,w8,bias\n");
        for (int o = 0; o < 3; o++) {
            for (int i = 0; i < 8; i++) {
                csv.append(String.format(Locale.ROOT, "%.9g,", w[o * 8 + i]));
            }
            csv.append(String.format(Locale.ROOT, "%.9g%n", b[o]));
        }
        Path f = tmp.resolve("head.csv");
        Files.writeString(f, csv);
        return f;
    }

    @Test
    void anExtractorWithItsLastLayerGivesTheOneFileNetworksOutputs() throws IOException {
        int live = LeakProbe.liveArrays();
        try (UserModel whole = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo())) {
            UserModel.Outputs reference = whole.run(TEST);
            for (Path head : new Path[] {UserModelFixtures.file("classifier_head.pt"), headCsv()}) {
                LinearLayer layer = LastLayerFile.read(head);
                assertEquals(3, layer.outputs());
                assertEquals(8, layer.inputs());
                try (UserModel split = UserModel.loadFeatureExtractor(UserModelFixtures.file("classifier_extractor.pt"), 0,
                        layer)) {
                    UserModel.Outputs run = split.run(TEST);
                    assertClose(reference.features(), run.features(), 1e-6, head + " features");
                    assertClose(reference.predictions(), run.predictions(), 1e-5, head + " logits");
                    assertEquals(0, split.features(TEST).predictions().length);
                }
            }
        }
        assertEquals(live, LeakProbe.liveArrays(), "native arrays left behind");
    }

    /** Last-layer Laplace on the split network equals the one-file network's, and survives saving. */
    @Test
    void lastLayerLaplaceOnTheSplitNetworkEqualsTheOneFileNetworksAndIsSaved() throws IOException {
        double[][] reference;
        try (UserModel whole = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo());
                Posterior p = UserModelFit.fit(whole, Methods.get("laplace"), FitRequest.builder(TRAIN).build())) {
            reference = p.predictClasses(TEST).probabilities();
        }
        Path dir = tmp.resolve("model");
        try (UserModel split = UserModel.loadFeatureExtractor(UserModelFixtures.file("classifier_extractor.pt"), 0,
                LastLayerFile.read(headCsv()));
                Posterior p = UserModelFit.fit(split, Methods.get("laplace"), FitRequest.builder(TRAIN).build())) {
            assertClose(reference, p.predictClasses(TEST).probabilities(), 1e-5, "laplace");
            p.save(dir);
        }
        try (Posterior loaded = Posteriors.load(dir)) {
            assertClose(reference, loaded.predictClasses(TEST).probabilities(), 1e-5, "loaded");
        }
    }

    @Test
    void badLastLayersAndWholeNetworkMethodsGetOneLine() throws IOException {
        Path text = tmp.resolve("bad.csv");
        Files.writeString(text, "1,2,3\n4,x,6\n");
        assertEquals(text + " line 2 column 2: 'x' is not a number (a last layer's CSV holds the D weights and the"
                + " bias of one output a row, separated by commas)",
                assertThrows(IllegalArgumentException.class, () -> LastLayerFile.read(text)).getMessage());
        Files.writeString(text, "1,2,3\n4,5\n");
        assertEquals(text + " line 2: 2 values, the first row has 3",
                assertThrows(IllegalArgumentException.class, () -> LastLayerFile.read(text)).getMessage());
        Files.writeString(text, "w,b\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LastLayerFile.read(text)).getMessage()
                .startsWith(text + ": no rows"));
        Path three = UserModelFixtures.file("classifier.pt");
        assertEquals(three + ": a last layer's TorchScript file holds one linear layer (a weight [C, D] and a bias"
                + " [C]), this one 3",
                assertThrows(IllegalArgumentException.class, () -> LastLayerFile.read(three)).getMessage());

        Files.writeString(text, "1,2,3,4,5,6\n"); // one output reading 5 features; the extractor gives 8
        try (UserModel split = UserModel.loadFeatureExtractor(UserModelFixtures.file("classifier_extractor.pt"), 0,
                LastLayerFile.read(text))) {
            assertEquals("the features output has 8 values a row, the last layer given reads 5",
                    assertThrows(IllegalArgumentException.class, () -> split.run(TEST)).getMessage());
        }
        try (UserModel split = UserModel.loadFeatureExtractor(UserModelFixtures.file("classifier_extractor.pt"), 0,
                LastLayerFile.read(headCsv()))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UserModelFit.fit(split, Methods.get("mc-dropout"), FitRequest.builder(TRAIN).build()));
            assertEquals("this network returns its features only, its last layer given separately: the methods over"
                    + " the whole network need the network with its last layer in one file", e.getMessage());
        }
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, what + " value " + i);
        }
    }

    private static void assertClose(double[][] expected, double[][] actual, double tolerance, String what) {
        for (int r = 0; r < expected.length; r++) {
            for (int k = 0; k < expected[r].length; k++) {
                assertEquals(expected[r][k], actual[r][k], tolerance, what + " row " + r + " class " + k);
            }
        }
    }
}
