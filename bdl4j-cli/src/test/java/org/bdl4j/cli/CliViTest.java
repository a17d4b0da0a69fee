package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit --method vi} with the CNN, the scale-mixture prior, MOPED and KL warm-up; VI option errors. */
class CliViTest {
    @TempDir
    static Path tmp;
    static Path images;

    /** A Fashion-MNIST-shaped directory: 40 training and 20 test 28x28 images of two classes (bars). */
    @BeforeAll
    static void writeImages() throws IOException {
        images = Files.createDirectories(tmp.resolve("images"));
        writeIdx(images, "train", 40, 1);
        writeIdx(images, "t10k", 20, 2);
    }

    /** Class 0: a bright vertical bar, class 1: a horizontal one, at a random position; IDX as in the format's spec. */
    private static void writeIdx(Path dir, String prefix, int n, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) r.nextInt(2);
            int line = 2 + r.nextInt(24);
            for (int k = 0; k < 28; k++) {
                int at = labels[i] == 0 ? k * 28 + line : line * 28 + k;
                pixels[i * 784 + at] = (byte) 200;
            }
        }
        IdxImages.write(dir, prefix, n, pixels, labels);
    }

    @Test
    void cnnWithMixturePriorMopedAndWarmUp() throws IOException {
        Path model = tmp.resolve("cnn-vi");
        String data = "fashion-mnist:" + images;
        CliRun fit = CliRun.of("fit", "--data", data, "--arch", "cnn", "--hidden", "16", "--method", "vi", "--epochs", "2",
                "--batch-size", "20", "--vi-epochs", "3", "--prior", "mixture", "--prior-pi", "0.25", "--init", "moped",
                "--moped-delta", "0.05", "--kl-warmup-epochs", "2", "--estimator", "flipout", "--samples", "4", "--out",
                model.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        assertThat(fit.out()).contains("fitted vi").contains("40 rows");
        JsonObject m = JsonParser.parseString(Files.readString(model.resolve("manifest.json"))).getAsJsonObject();
        assertThat(m.getAsJsonObject("network").get("architecture").getAsString()).isEqualTo("cnn");
        JsonObject hyper = m.getAsJsonObject("hyperparameters");
        JsonObject prior = hyper.getAsJsonObject("prior");
        assertThat(prior.get("type").getAsString()).isEqualTo("mixture");
        assertThat(prior.get("pi").getAsDouble()).isEqualTo(0.25);
        assertThat(prior.get("sigma1").getAsDouble()).isEqualTo(1.0);
        assertThat(prior.get("sigma2").getAsDouble()).isEqualTo(Math.exp(-6));
        assertThat(hyper.get("init").getAsString()).isEqualTo("moped");
        assertThat(hyper.get("mopedDelta").getAsDouble()).isEqualTo(0.05);
        assertThat(hyper.get("estimator").getAsString()).isEqualTo("flipout");
        assertThat(hyper.get("viEpochs").getAsInt()).isEqualTo(3);
        assertThat(hyper.get("klWarmupSteps").getAsInt()).as("2 epochs of one batch of 40 rows").isEqualTo(2);

        CliRun eval = CliRun.of("evaluate", "--model", model.toString(), "--data", data, "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(JsonParser.parseString(eval.out()).getAsJsonObject().keySet()).contains("accuracy", "nll", "ece");
    }

    @Test
    void viOptionErrorsNameTheOption() {
        String out = tmp.resolve("x").toString();
        String[][] cases = {
            {"--prior", "mixture", "--prior-sigma", "1"},
            {"--prior-pi", "0.5"},
            {"--prior", "mixture", "--prior-pi", "2"},
            {"--prior", "mixture", "--prior-sigma2", "0"},
            {"--prior", "laplace"},
            {"--init", "zeros"},
            {"--moped-delta", "0.2"},
            {"--vi-initial-sigma", "0.1"},
            {"--init", "moped", "--moped-delta", "-1"},
            {"--kl-warmup-epochs", "-1"},
        };
        String[] expected = {
            "bdl4j: --prior-sigma applies to --prior gaussian; the mixture takes --prior-sigma1, --prior-sigma2 and"
                    + " --prior-pi\n",
            "bdl4j: --prior-pi applies to --prior mixture, found --prior gaussian\n",
            "bdl4j: --prior-pi must be in [0, 1], found 2.0\n",
            "bdl4j: --prior-sigma2 must be > 0, found 0.0\n",
            "bdl4j: --prior must be gaussian or mixture, found 'laplace'\n",
            "bdl4j: --init must be laplace, map, moped or random, found 'zeros'\n",
            "bdl4j: --moped-delta applies to --init moped, found --init laplace\n",
            "bdl4j: --vi-initial-sigma applies to --init map or random, found --init laplace\n",
            "bdl4j: --moped-delta must be > 0, found -1.0\n",
            "bdl4j: --kl-warmup-epochs must be >= 0, found -1\n",
        };
        for (int i = 0; i < cases.length; i++) {
            CliRun r = CliRun.of(withOut(cases[i], out));
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", cases[i])).isEqualTo(expected[i]);
        }
    }

    private static String[] withOut(String[] options, String out) {
        String[] args = new String[options.length + 7];
        String[] head = {"fit", "--data", "toy:two-moons", "--method", "vi", "--out", out};
        System.arraycopy(head, 0, args, 0, head.length);
        System.arraycopy(options, 0, args, head.length, options.length);
        return args;
    }
}
