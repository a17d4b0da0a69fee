package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --model-file}: a TorchScript classifier trained elsewhere (the core module's fixture, written
 * by its {@code make_fixtures.py}) gets a posterior over its last layer through fit, predict, evaluate
 * and compare; bad input gets one line.
 */
class CliUserModelTest {
    private static final Path FIXTURES = Path.of("..", "bdl4j-core", "src", "test", "resources", "usermodel");
    private static final double[][] A = {{1, 0, -1}, {0, 1, -1}, {1, -1, 0}, {0.5, 0.5, 0.5}};

    @TempDir
    Path dir;

    /** Rows from the rule the fixture was trained on: x ~ N(0, I_4), label = argmax(x A). */
    private Path rows(String name, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(List.of("a,b,c,d,label"));
        for (int i = 0; i < n; i++) {
            double[] x = new double[4];
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < 4; j++) {
                x[j] = r.nextGaussian();
                row.append(String.format(Locale.ROOT, "%.6f,", x[j]));
            }
            int best = 0;
            double top = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                double z = 0;
                for (int j = 0; j < 4; j++) {
                    z += Float.parseFloat(String.format(Locale.ROOT, "%.6f", x[j])) * A[j][k];
                }
                if (z > top) {
                    top = z;
                    best = k;
                }
            }
            lines.add(row.toString() + best);
        }
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    private static String model(String name) {
        Path p = FIXTURES.resolve(name);
        assertThat(p).exists();
        return p.toString();
    }

    /**
     * The map model of a user network predicts softmax of its logits, computed here by hand from the
     * weights the fixture script wrote; Laplace over its last layer keeps the accuracy and spreads
     * some probability.
     */
    @Test
    void fitPredictAndEvaluateAUserNetwork() throws IOException {
        Path train = rows("train.csv", 300, 1);
        Path test = rows("test.csv", 100, 2);
        Path map = dir.resolve("map");
        CliRun fit = CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier.pt"), "--method",
                "map", "--out", map.toString(), "--quiet");
        assertThat(fit.code()).as(fit.err()).isZero();
        CliRun predict = CliRun.of("predict", "--model", map.toString(), "--data", test.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        List<String> out = predict.out().lines().toList();
        assertThat(out.get(0)).startsWith("prediction,confidence,p_0,p_1,p_2,");
        float[] theta = theta();
        List<String> inputs = Files.readAllLines(test);
        for (int r = 1; r < inputs.size(); r++) {
            String[] cells = inputs.get(r).split(",");
            double[] x = new double[4];
            for (int j = 0; j < 4; j++) {
                x[j] = Float.parseFloat(cells[j]);
            }
            double[] p = softmax(layer(theta, 112, 3, 8, layer(theta, 40, 8, 8, layer(theta, 0, 8, 4, x, true), true),
                    false));
            String[] printed = out.get(r).split(",");
            for (int k = 0; k < 3; k++) {
                assertThat(Double.parseDouble(printed[2 + k])).as("row %d class %d", r, k)
                        .isCloseTo(p[k], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        Path laplace = dir.resolve("laplace");
        assertThat(CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier.pt"), "--method",
                "laplace", "--out", laplace.toString(), "--quiet").code()).isZero();
        CliRun eval = CliRun.of("evaluate", "--model", laplace.toString(), "--data", test.toString(), "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(JsonParser.parseString(eval.out()).getAsJsonObject().get("accuracy").getAsDouble())
                .isGreaterThan(0.9);
    }

    @Test
    void compareFitsEachMethodToTheLastLayer() throws IOException {
        Path train = rows("train.csv", 300, 3);
        CliRun run = CliRun.of("compare", "--data", train.toString(), "--model-file", model("classifier.pt"),
                "--methods", "map,laplace,swag", "--json", "--quiet");
        assertThat(run.code()).as(run.err()).isZero();
        JsonArray rows = JsonParser.parseString(run.out()).getAsJsonArray();
        List<String> methods = new ArrayList<>();
        for (JsonElement e : rows) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("accuracy") && !o.has("coverage")) {
                methods.add(o.get("method").getAsString());
                assertThat(o.get("accuracy").getAsDouble()).as(o.toString()).isGreaterThan(0.9);
            }
        }
        assertThat(methods).startsWith("map", "laplace", "swag");
    }

    @Test
    void severalFilesMakeAnEnsembleOfTheUsersNetworks() throws IOException {
        Path train = rows("train.csv", 200, 5);
        Path test = rows("test.csv", 100, 6);
        Path ens = dir.resolve("ens");
        String files = model("classifier.pt") + "," + model("classifier_b.pt");
        CliRun fit = CliRun.of("fit", "--data", train.toString(), "--model-file", files, "--method", "ensemble",
                "--out", ens.toString(), "--quiet");
        assertThat(fit.code()).as(fit.err()).isZero();
        assertThat(fit.out()).startsWith("fitted ensemble on ");
        CliRun eval = CliRun.of("evaluate", "--model", ens.toString(), "--data", test.toString(), "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(JsonParser.parseString(eval.out()).getAsJsonObject().get("accuracy").getAsDouble())
                .isGreaterThan(0.9);
        assertThat(CliRun.of("fit", "--data", train.toString(), "--model-file", files, "--method", "laplace", "--out",
                dir.resolve("x").toString(), "--quiet").errLines()).containsExactly("bdl4j: several --model-file make"
                        + " an ensemble of those networks: give --method ensemble, found --method laplace");
    }

    /**
     * A feature extractor with its last layer in a file of its own (the fixture classifier split at its
     * last layer by the fixture script) gives the one-file network's Laplace model, row for row.
     */
    @Test
    void aFeatureExtractorWithItsLastLayerFileGivesTheOneFileModel() throws IOException {
        Path train = rows("train.csv", 300, 7);
        Path test = rows("test.csv", 50, 8);
        Path whole = dir.resolve("whole");
        Path split = dir.resolve("split");
        assertThat(CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier.pt"), "--method",
                "laplace", "--out", whole.toString(), "--quiet").code()).isZero();
        CliRun fit = CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier_extractor.pt"),
                "--last-layer", model("classifier_head.pt"), "--method", "laplace", "--out", split.toString(), "--quiet");
        assertThat(fit.code()).as(fit.err()).isZero();
        List<String> expected = CliRun.of("predict", "--model", whole.toString(), "--data", test.toString()).out()
                .lines().toList();
        List<String> found = CliRun.of("predict", "--model", split.toString(), "--data", test.toString()).out()
                .lines().toList();
        assertThat(found).hasSameSizeAs(expected).hasSize(51);
        for (int r = 1; r < expected.size(); r++) {
            String[] a = expected.get(r).split(",");
            String[] b = found.get(r).split(",");
            assertThat(b[0]).isEqualTo(a[0]);
            for (int k = 2; k < 5; k++) {
                assertThat(Double.parseDouble(b[k])).as("row %d column %d", r, k)
                        .isCloseTo(Double.parseDouble(a[k]), org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    /**
     * {@code --method swag --swag-subset all}: SWAG by fine-tuning every weight of the TorchScript network;
     * the model directory (its own method, with the network's copy) serves predict and evaluate. ONNX
     * hides the weights and is refused in one line, as is the option with another method.
     */
    @Test
    void swagOverAllWeightsFineTunesTheWholeNetwork() throws IOException {
        Path train = rows("train.csv", 300, 7);
        Path test = rows("test.csv", 100, 8);
        Path swag = dir.resolve("swag");
        CliRun fit = CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier.pt"), "--method",
                "swag", "--swag-subset", "all", "--swag-epochs", "10", "--samples", "20", "--out", swag.toString(),
                "--quiet");
        assertThat(fit.code()).as(fit.err()).isZero();
        assertThat(fit.out()).startsWith("fitted swag on ");
        JsonObject manifest = JsonParser.parseString(Files.readString(swag.resolve("manifest.json"))).getAsJsonObject();
        assertThat(manifest.get("method").getAsString()).isEqualTo("user-model-swag");
        CliRun eval = CliRun.of("evaluate", "--model", swag.toString(), "--data", test.toString(), "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(JsonParser.parseString(eval.out()).getAsJsonObject().get("accuracy").getAsDouble())
                .isGreaterThan(0.9);
        CliRun predict = CliRun.of("predict", "--model", swag.toString(), "--data", test.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        assertThat(predict.out().lines()).hasSize(101);
        String out = dir.resolve("x").toString();
        List<String> onnx = CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier.onnx"),
                "--method", "swag", "--swag-subset", "all", "--out", out, "--quiet").errLines();
        assertThat(onnx).hasSize(1);
        assertThat(onnx.get(0)).startsWith("bdl4j: ").endsWith(": the methods over all of a network's weights need its"
                + " parameters, which only TorchScript exposes (an ONNX graph hides them)");
        assertThat(CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier.pt"), "--method",
                "laplace", "--swag-subset", "all", "--out", out, "--quiet").errLines()).containsExactly(
                        "bdl4j: --swag-subset applies to --method swag, not to laplace");
        assertThat(Path.of(out)).doesNotExist();
    }

    @Test
    void badInputGetsOneLine() throws IOException {
        Path train = rows("train.csv", 60, 4);
        Path notAModel = dir.resolve("notes.pt");
        Files.writeString(notAModel, "hello\n");
        String out = dir.resolve("m").toString();
        assertThat(CliRun.of("fit", "--data", train.toString(), "--model-file", notAModel.toString(), "--out", out)
                .errLines()).containsExactly("bdl4j: --model-file " + notAModel + ": not a TorchScript model"
                        + " (torch.jit.save writes a zip archive; this file is not one) nor an ONNX file (named *.onnx)");
        assertThat(CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier.pt"), "--hidden",
                "5", "--out", out).errLines()).containsExactly(
                        "bdl4j: --hidden does not apply with --model-file (the network is the file's)");
        assertThat(CliRun.of("fit", "--data", train.toString(), "--features-output", "1", "--out", out).errLines())
                .containsExactly("bdl4j: --features-output applies only with --model-file");
        assertThat(CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier.pt"),
                "--features-output", "2", "--out", out, "--quiet").errLines()).containsExactly("bdl4j: the features"
                        + " output is number 2 (from 0), but the model returns 2 outputs of shapes (B, 3), (B, 8)");
        assertThat(CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier.pt"), "--method",
                "mc-dropout", "--out", out, "--quiet").errLines()).containsExactly("bdl4j: the network's predictions"
                        + " do not change between passes in training mode, so it has no dropout left for MC dropout"
                        + " (torch.jit.trace and ONNX export keep none; export with torch.jit.script)");
        assertThat(CliRun.of("fit", "--data", train.toString(), "--model-file", model("dropout_classifier.pt"),
                "--method", "mc-dropout", "--mc-rate", "0.3", "--out", out, "--quiet").errLines()).containsExactly(
                        "bdl4j: --mc-rate does not apply to a user's network (its dropout layers and rates are its own)");
        assertThat(CliRun.of("fit", "--data", train.toString(), "--last-layer", model("classifier_head.pt"), "--out",
                out).errLines()).containsExactly("bdl4j: --last-layer applies only with --model-file");
        assertThat(CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier_extractor.pt"),
                "--last-layer", model("classifier_head.pt"), "--logits-output", "0", "--out", out).errLines())
                .containsExactly("bdl4j: --logits-output does not apply with --last-layer: the logits are that layer's");
        Path badLayer = dir.resolve("head.csv");
        Files.writeString(badLayer, "0.1,0.2\n0.3\n");
        assertThat(CliRun.of("fit", "--data", train.toString(), "--model-file", model("classifier_extractor.pt"),
                "--last-layer", badLayer.toString(), "--out", out).errLines()).containsExactly(
                        "bdl4j: --last-layer " + badLayer + " line 2: 1 values, the first row has 2");
        assertThat(Path.of(out)).doesNotExist();
    }

    private static float[] theta() throws IOException {
        JsonArray a = JsonParser.parseString(Files.readString(FIXTURES.resolve("classifier-weights.json")))
                .getAsJsonObject().getAsJsonArray("theta");
        float[] t = new float[a.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = a.get(i).getAsFloat();
        }
        return t;
    }

    /** tanh?(W x + b) with W [out, in] at {@code at} in θ and b right after it. */
    private static double[] layer(float[] theta, int at, int out, int in, double[] x, boolean tanh) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double z = theta[at + out * in + o];
            for (int i = 0; i < in; i++) {
                z += theta[at + o * in + i] * x[i];
            }
            y[o] = tanh ? Math.tanh(z) : z;
        }
        return y;
    }

    private static double[] softmax(double[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
