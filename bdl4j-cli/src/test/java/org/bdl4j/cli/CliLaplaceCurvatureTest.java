package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit --method laplace} with the Monte Carlo Fisher, and with all weights of a CNN. */
class CliLaplaceCurvatureTest {
    @TempDir
    static Path tmp;

    @Test
    void monteCarloFisherFitsSavesAndPredictsReproducibly() {
        Path model = tmp.resolve("mcf");
        CliRun fit = fitMonteCarloFisher(model);
        assertThat(fit.code()).as(fit.err()).isZero();
        assertThat(fit.out()).contains("fitted laplace");
        CliRun eval = CliRun.of("evaluate", "--model", model.toString(), "--data", "toy:two-moons", "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        // the MAP alone scores 0.88
        assertThat(JsonParser.parseString(eval.out()).getAsJsonObject().get("accuracy").getAsDouble())
                .isGreaterThan(0.85);
        CliRun a = CliRun.of("predict", "--model", model.toString(), "--data", "toy:two-moons:20");
        CliRun b = CliRun.of("predict", "--model", model.toString(), "--data", "toy:two-moons:20");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.out()).isEqualTo(a.out());
        // the same seed fits the same posterior (the sampled labels are seeded)
        Path again = tmp.resolve("mcf-again");
        CliRun refit = fitMonteCarloFisher(again);
        assertThat(refit.code()).as(refit.err()).isZero();
        assertThat(CliRun.of("predict", "--model", again.toString(), "--data", "toy:two-moons:20").out())
                .isEqualTo(a.out());

        CliRun bad = CliRun.of("fit", "--data", "toy:two-moons", "--method", "laplace", "--curvature", "mcf",
                "--fisher-samples", "0", "--out", tmp.resolve("x").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.errLines()).containsExactly("bdl4j: --fisher-samples must be >= 1, found 0");
        CliRun unknown = CliRun.of("fit", "--data", "toy:two-moons", "--method", "laplace", "--curvature", "kfac",
                "--out", tmp.resolve("x").toString());
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.errLines())
                .containsExactly("bdl4j: --curvature must be ggn, ef or mcf, found 'kfac'");
    }

    private static CliRun fitMonteCarloFisher(Path out) {
        return CliRun.of("fit", "--data", "toy:two-moons:300", "--method", "laplace", "--subset", "all", "--hessian",
                "kron", "--curvature", "mcf", "--fisher-samples", "3", "--prior-optimize", "marglik", "--link", "mc",
                "--samples", "50", "--hidden", "16", "--epochs", "60", "--seed", "4", "--quiet", "--out",
                out.toString());
    }

    /**
     * All-weights KFAC Laplace of the LeNet-style CNN (both convolutions, both hidden layers and the
     * output layer) through the command, on a small Fashion-MNIST-shaped directory the test writes:
     * 28x28 images whose class k is a bright horizontal bar at rows 2k + 4 and 2k + 5, plus noise.
     */
    @Test
    void allWeightsKfacOfACnnFitsAndPredicts() throws IOException {
        Path data = tmp.resolve("bars");
        Files.createDirectories(data);
        IdxImages.writeBars(data, "train", 300, 1);
        IdxImages.writeBars(data, "t10k", 100, 2);
        Path model = tmp.resolve("cnn-laplace");
        CliRun fit = CliRun.of("fit", "--data", "fashion-mnist:" + data, "--arch", "cnn", "--method", "laplace",
                "--subset", "all", "--hessian", "kron", "--epochs", "3", "--batch-size", "32", "--seed", "1",
                "--quiet", "--out", model.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        assertThat(fit.out()).contains("fitted laplace");
        CliRun eval = CliRun.of("evaluate", "--model", model.toString(), "--data", "fashion-mnist:" + data, "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(JsonParser.parseString(eval.out()).getAsJsonObject().get("accuracy").getAsDouble())
                .isGreaterThan(0.9);
        CliRun pred = CliRun.of("predict", "--model", model.toString(), "--data", "fashion-mnist:" + data);
        assertThat(pred.code()).as(pred.err()).isZero();
        assertThat(pred.out().lines().count()).isEqualTo(101);
    }
}
