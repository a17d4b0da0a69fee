package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --conv} and {@code --conv-padding}: uncertainty-baselines' LeNet-5 (three "same"-padded
 * convolutions) fitted, saved and reloaded through the command; convolutions that do not fit the images, or
 * that an MLP would ignore, refused in one line.
 */
class CliConvolutionsTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void writeImages() throws IOException {
        data = Files.createDirectories(tmp.resolve("bars"));
        IdxImages.writeBars(data, "train", 300, 1);
        IdxImages.writeBars(data, "t10k", 100, 2);
    }

    @Test
    void threeSamePaddedConvolutionsFitSaveAndReload() throws IOException {
        Path model = tmp.resolve("ub-lenet");
        CliRun fit = CliRun.of("fit", "--data", "fashion-mnist:" + data, "--arch", "cnn", "--conv", "6,16,120",
                "--conv-padding", "same", "--hidden", "84", "--epochs", "3", "--batch-size", "32", "--seed", "1",
                "--out", model.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        assertThat(fit.out() + fit.err())
                .contains("cnn: conv 6, 16, 120 (5x5, same padding, max-pool 2 after the first two), dense 84-10");
        JsonObject network = JsonParser.parseString(Files.readString(model.resolve("manifest.json"))).getAsJsonObject()
                .getAsJsonObject("network");
        assertThat(network.get("convPadding").getAsString()).isEqualTo("same");
        assertThat(network.get("convChannels").toString()).isEqualTo("[6,16,120]");
        CliRun eval = CliRun.of("evaluate", "--model", model.toString(), "--data", "fashion-mnist:" + data, "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        // the classical LeNet reaches more than 0.9 on these bars in 3 epochs (CliLaplaceCurvatureTest)
        assertThat(JsonParser.parseString(eval.out()).getAsJsonObject().get("accuracy").getAsDouble())
                .isGreaterThan(0.9);
    }

    @Test
    void convolutionsTheImagesCannotHoldAreRefusedInOneLine() {
        CliRun four = CliRun.of("fit", "--data", "fashion-mnist:" + data, "--arch", "cnn", "--conv", "6,16,120,8",
                "--epochs", "1", "--out", tmp.resolve("x").toString());
        assertThat(four.code()).isEqualTo(1);
        assertThat(four.errLines()).containsExactly("bdl4j: images of [1, 28, 28] are too small for 4 convolutions"
                + " with lenet padding: convolution 4 sees 1x1 maps, smaller than its unpadded 5x5 kernel");
        CliRun none = CliRun.of("fit", "--data", "fashion-mnist:" + data, "--arch", "cnn", "--conv", "none",
                "--epochs", "1", "--out", tmp.resolve("x").toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.errLines()).containsExactly("bdl4j: --conv must be one or more channel counts, found 'none'");
        CliRun padding = CliRun.of("fit", "--data", "fashion-mnist:" + data, "--conv-padding", "valid",
                "--epochs", "1", "--out", tmp.resolve("x").toString());
        assertThat(padding.code()).isEqualTo(1);
        assertThat(padding.errLines()).containsExactly("bdl4j: --conv-padding must be lenet or same, found 'valid'");
        CliRun mlp = CliRun.of("fit", "--data", "toy:two-moons", "--conv", "6", "--epochs", "1", "--out",
                tmp.resolve("x").toString());
        assertThat(mlp.code()).isEqualTo(1);
        assertThat(mlp.errLines()).containsExactly("bdl4j: --conv shapes a CNN's convolutions, and the network is an"
                + " MLP (rows of shape [2]; --arch cnn needs images)");
    }
}
