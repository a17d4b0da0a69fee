package org.bdl4j.usermodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and running a TorchScript file, finding its last layer, and the one-line errors. */
class UserModelTest {
    @TempDir
    Path tmp;

    /** The outputs against the forward pass computed by hand (double) from the weights the script wrote. */
    @Test
    void runsTheTorchScriptNetworkAsTheWeightsSay() throws Exception {
        double[] t = Floats.toDoubles(UserModelFixtures.classifierTheta());
        Dataset data = UserModelFixtures.classification(300, 1);
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo())) {
            UserModel.Outputs run = m.run(data);
            assertEquals(3, run.predictionWidth());
            assertEquals(8, run.featureWidth());
            for (int r = 0; r < data.rows(); r++) {
                double[] x = Floats.toDoubles(data.row(r));
                double[] h2 = UserModelFixtures.CLASSIFIER.lastHidden(t, x);
                double[] z = UserModelFixtures.CLASSIFIER.forward(t, x);
                for (int i = 0; i < 8; i++) {
                    assertEquals(h2[i], run.features()[r * 8 + i], 1e-5, "feature " + i + " of row " + r);
                }
                for (int k = 0; k < 3; k++) {
                    assertEquals(z[k], run.predictions()[r * 3 + k], 1e-5, "logit " + k + " of row " + r);
                }
            }
        }
    }

    @Test
    void findsTheLastLayerThatReproducesThePredictions() throws Exception {
        float[] t = UserModelFixtures.classifierTheta();
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo())) {
            LinearLayer last = UserModelFit.lastLayer(m, m.run(UserModelFixtures.classification(100, 2)));
            assertEquals("head", last.name());
            assertArrayEquals(Arrays.copyOfRange(t, 112, t.length), last.theta());
        }
    }

    @Test
    void aFileThatIsNotAModelGetsOneLine() throws Exception {
        Path f = tmp.resolve("notes.pt");
        Files.writeString(f, "not a model\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserModel.load(f, OutputSelection.firstTwo()));
        assertEquals(f + ": not a TorchScript model (torch.jit.save writes a zip archive; this file is not one) nor"
                + " an ONNX file (named *.onnx)", e.getMessage());
        Path zip = tmp.resolve("other.pt");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        e = assertThrows(IllegalArgumentException.class, () -> UserModel.load(zip, OutputSelection.firstTwo()));
        assertTrue(e.getMessage().startsWith(zip + ": not a TorchScript model that libtorch can load ("),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> UserModel.load(tmp.resolve("absent.pt"), OutputSelection.firstTwo()));
        assertEquals(tmp.resolve("absent.pt") + ": no such file", e.getMessage());
    }

    @Test
    void aWrongOutputIndexNamesTheOutputs() {
        Dataset data = UserModelFixtures.classification(10, 3);
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"),
                new OutputSelection(0, OptionalInt.of(2)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.run(data));
            assertEquals("the features output is number 2 (from 0), but the model returns 2 outputs of shapes"
                    + " (B, 3), (B, 8)", e.getMessage());
        }
        try (UserModel m = UserModel.load(UserModelFixtures.file("logits_only.pt"), new OutputSelection(0,
                OptionalInt.empty()))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.run(data));
            assertTrue(e.getMessage().startsWith("the model returns 1 output: say which holds the penultimate"
                    + " features"), e.getMessage());
        }
    }

    @Test
    void swappedOutputsFindNoLastLayer() {
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"),
                new OutputSelection(1, OptionalInt.of(0)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> UserModelFit.lastLayer(m, m.run(UserModelFixtures.classification(20, 4))));
            assertEquals("no linear layer of the model maps 3 features to 8 outputs (its linear layers: fc1 (8 x 4),"
                    + " fc2 (8 x 8), head (3 x 8)): is the features output the input of the last layer?",
                    e.getMessage());
        }
    }

    @Test
    void rowsOfTheWrongWidthGetOneLine() {
        Dataset five = Dataset.unlabeled(new float[10], 2, new int[] {5}, Dataset.defaultFeatureNames(5));
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.run(five));
            assertTrue(e.getMessage().startsWith("the model does not run on rows of shape [5] ("), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    /** The features are refused before allocation when they would crowd the heap or exceed an array. */
    @Test
    void featuresBeyondTheMemoryBoundAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserModel.allocate(50_000, 2048, "features", 400_000_000L));
        assertEquals("the features of 50,000 rows x 2,048 values need 0.41 GB, more than half of the JVM's heap"
                + " (0.40 GB): use fewer rows or a larger -Xmx", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> UserModel.allocate(2_000_000, 2048, "features", Long.MAX_VALUE));
        assertEquals("the features of 2,000,000 rows x 2,048 values need 16.38 GB, more than one Java array holds:"
                + " use fewer rows", e.getMessage());
        assertEquals(1000 * 512, UserModel.allocate(1000, 512, "features", 400_000_000L).length);
    }
}
