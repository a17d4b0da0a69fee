package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit --method laplace} with the subnetwork form of {@code --subset} ({@code --subnetwork-size},
 * {@code --subnetwork-mask}) and the {@code --prior-optimize} variants {@code marglik-layerwise} and
 * {@code gridsearch}: the saved model records what was asked for and predicts the same twice; bad
 * values end with one line naming the option and the value.
 */
class CliLaplaceOptionsTest {
    @TempDir
    static Path tmp;

    private static final String[] COMMON = {"--data", "toy:two-moons:200", "--method", "laplace", "--hidden", "16",
        "--epochs", "10", "--quiet"};

    private static CliRun fit(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("fit"));
        args.addAll(List.of(COMMON));
        args.addAll(List.of(extra));
        args.addAll(List.of("--out", tmp.resolve(name).toString()));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonObject laplaceManifest(String name) throws IOException {
        return JsonParser.parseString(Files.readString(tmp.resolve(name).resolve("manifest.json"))).getAsJsonObject()
                .getAsJsonObject("laplace");
    }

    /** Predicts twice on the same rows: identical output with 31 lines. */
    private static void predictsIdentically(String name) {
        String model = tmp.resolve(name).toString();
        CliRun a = CliRun.of("predict", "--model", model, "--data", "toy:two-moons:30");
        CliRun b = CliRun.of("predict", "--model", model, "--data", "toy:two-moons:30");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out().lines().count()).isEqualTo(31);
        assertThat(b.out()).isEqualTo(a.out());
    }

    @Test
    void subnetworkBySizeAndByMaskFitAndPredict() throws IOException {
        CliRun bySize = fit("subnet-size", "--subset", "subnetwork", "--subnetwork-size", "20", "--pred", "nn",
                "--samples", "20");
        assertThat(bySize.code()).as(bySize.err()).isZero();
        JsonObject l = laplaceManifest("subnet-size");
        assertThat(l.get("hessian").getAsString()).isEqualTo("full");
        assertThat(l.getAsJsonArray("subnetwork")).hasSize(20);
        predictsIdentically("subnet-size");

        Path mask = tmp.resolve("mask.txt");
        Files.write(mask, List.of("# weights of hidden unit 0, and two output biases", "0, 1 2", "", "50 81 # bias"));
        CliRun byMask = fit("subnet-mask", "--subset", "subnetwork", "--subnetwork-mask", mask.toString(),
                "--hessian", "full", "--prior-optimize", "marglik");
        assertThat(byMask.code()).as(byMask.err()).isZero();
        assertThat(laplaceManifest("subnet-mask").getAsJsonArray("subnetwork").toString()).isEqualTo("[0,1,2,50,81]");
        predictsIdentically("subnet-mask");
        CliRun eval = CliRun.of("evaluate", "--model", tmp.resolve("subnet-size").toString(), "--data",
                "toy:two-moons", "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(JsonParser.parseString(eval.out()).getAsJsonObject().get("accuracy").getAsDouble())
                .isGreaterThan(0.8);
    }

    @Test
    void perLayerMarginalLikelihoodAndValidationGridSearch() {
        CliRun layerwise = fit("layerwise", "--subset", "all", "--hessian", "kron", "--prior-optimize",
                "marglik-layerwise");
        assertThat(layerwise.code()).as(layerwise.err()).isZero();
        JsonObject l;
        try {
            l = laplaceManifest("layerwise");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(l.getAsJsonArray("priorPrecisions")).hasSize(2);
        predictsIdentically("layerwise");

        CliRun grid = fit("grid", "--subset", "all", "--prior-optimize", "gridsearch", "--validation-fraction", "0.25",
                "--prior-grid", "0.01,100,5");
        assertThat(grid.code()).as(grid.err()).isZero();
        double lambda;
        try {
            lambda = laplaceManifest("grid").get("priorPrecision").getAsDouble();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(Stream.of(0.01, 0.1, 1.0, 10.0, 100.0).anyMatch(g -> Math.abs(lambda - g) <= 1e-12 * g))
                .as("λ = %s is a point of the grid", lambda).isTrue();
        predictsIdentically("grid");
    }

    private static String error(String... extra) {
        CliRun r = fit("bad", extra);
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("bdl4j: ").doesNotContain("Exception");
        return r.err().strip();
    }

    @Test
    void badSubnetworkAndPriorOptionsAreOneLineErrors() throws IOException {
        assertThat(error("--prior-optimize", "gridsearch", "--validation-fraction", "0")).isEqualTo(
                "bdl4j: --prior-optimize gridsearch needs a validation split: add --validation-fraction F");
        assertThat(error("--prior-optimize", "evidence")).isEqualTo(
                "bdl4j: --prior-optimize must be marglik, marglik-layerwise or gridsearch, found 'evidence'");
        assertThat(error("--prior-optimize", "gridsearch", "--validation-fraction", "0.2", "--prior-grid", "1,0.1,5"))
                .isEqualTo("bdl4j: --prior-grid must be LOW,HIGH,N with 0 < LOW < HIGH and an integer N >= 2, found"
                        + " '1,0.1,5'");
        assertThat(error("--subset", "subnetwork")).isEqualTo(
                "bdl4j: --subset subnetwork needs exactly one of --subnetwork-size S and --subnetwork-mask FILE");
        assertThat(error("--subset", "some")).isEqualTo(
                "bdl4j: --subset must be last-layer, all or subnetwork, found 'some'");
        assertThat(error("--subnetwork-size", "5")).isEqualTo(
                "bdl4j: --subnetwork-size needs --subset subnetwork, found --subset last-layer");
        assertThat(error("--subset", "subnetwork", "--subnetwork-size", "0")).isEqualTo(
                "bdl4j: --subnetwork-size must be >= 1, found 0");
        assertThat(error("--subset", "subnetwork", "--subnetwork-size", "5", "--hessian", "kron")).isEqualTo(
                "bdl4j: --hessian must be full for --subset subnetwork, found 'kron'");
        assertThat(error("--subset", "subnetwork", "--subnetwork-size", "100")).isEqualTo(
                "bdl4j: --subnetwork-size must be in [1, 82] (the Linear layers have 82 parameters;"
                        + " a full covariance at most 8192), found 100");
        Path bad = tmp.resolve("bad-mask.txt");
        Files.write(bad, List.of("1 2", "3 x"));
        assertThat(error("--subset", "subnetwork", "--subnetwork-mask", bad.toString())).isEqualTo(
                "bdl4j: --subnetwork-mask " + bad + ": line 2: 'x' is not a parameter index (a non-negative integer)");
        Path outside = tmp.resolve("outside-mask.txt");
        Files.write(outside, List.of("1 2 500"));
        assertThat(error("--subset", "subnetwork", "--subnetwork-mask", outside.toString()))
                .isEqualTo("bdl4j: --subnetwork-mask " + outside + ": subnetwork index 500 is outside [0, 82) (the"
                        + " Linear layers' parameters)");
        Path missing = tmp.resolve("no-such-mask.txt");
        assertThat(error("--subset", "subnetwork", "--subnetwork-mask", missing.toString())).isEqualTo(
                "bdl4j: --subnetwork-mask " + missing + ": no such file");
    }
}
