package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code calibrate} and {@code conformal} on saved models. */
class CliPostHocTest {
    @TempDir
    static Path tmp;
    static Path moons;
    static Path gap;

    @BeforeAll
    static void fitModels() {
        moons = tmp.resolve("moons");
        CliRun a = CliRun.of("fit", "--data", "toy:two-moons:600", "--epochs", "20", "--hidden", "16", "--quiet", "--out",
                moons.toString());
        assertThat(a.code()).as(a.err()).isZero();
        gap = tmp.resolve("gap");
        CliRun b = CliRun.of("fit", "--data", "toy:heteroscedastic:600", "--epochs", "40", "--hidden", "32", "--quiet",
                "--out", gap.toString());
        assertThat(b.code()).as(b.err()).isZero();
    }

    @Test
    void calibrateSavesAModelThatEvaluates() {
        Path out = tmp.resolve("moons-calibrated");
        CliRun c = CliRun.of("calibrate", "--model", moons.toString(), "--data", "toy:two-moons:400", "--seed", "5",
                "--out", out.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("\"name\":\"temperature\"").contains("before").contains("after");
        CliRun e = CliRun.of("evaluate", "--model", out.toString(), "--data", "toy:two-moons", "--json");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(JsonParser.parseString(e.out()).getAsJsonObject().keySet())
                .containsExactly("accuracy", "nll", "brier", "ece", "mce");
        CliRun wrong = CliRun.of("calibrate", "--model", moons.toString(), "--data", "toy:two-moons", "--method",
                "variance", "--out", tmp.resolve("x").toString());
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.errLines()).hasSize(1);
        assertThat(wrong.err()).contains("variance");
    }

    /**
     * Coverage on fresh rows is near 1 - α: with 400 calibration and 1,000 test rows the achieved
     * coverage has a standard deviation of about sqrt(0.09/400 + 0.09/1000) ≈ 0.018 around a mean
     * in [0.9, 0.9025]; the bounds are four of them.
     */
    @Test
    void conformalSetsCoverAndReportJson() throws IOException {
        CliRun c = CliRun.of("conformal", "--model", moons.toString(), "--calibration", "toy:two-moons:400",
                "--data", "toy:two-moons:1000", "--seed", "3", "--alpha", "0.1", "--score", "aps", "--json");
        assertThat(c.code()).as(c.err()).isZero();
        JsonObject m = JsonParser.parseString(c.out()).getAsJsonObject();
        assertThat(m.get("coverage").getAsDouble()).isBetween(0.83, 0.975);
        assertThat(m.get("mean_set_size").getAsDouble()).isBetween(0.5, 2.0);
        Path out = tmp.resolve("sets.csv");
        CliRun f = CliRun.of("conformal", "--model", moons.toString(), "--calibration", "toy:two-moons:400",
                "--data", "toy:two-moons:50", "--alpha", "0.05", "--out", out.toString());
        assertThat(f.code()).as(f.err()).isZero();
        List<String> rows = Files.readAllLines(out);
        assertThat(rows.get(0)).isEqualTo("set,size");
        assertThat(rows).hasSize(51);
    }

    @Test
    void conformalIntervalsForRegression() {
        CliRun c = CliRun.of("conformal", "--model", gap.toString(), "--calibration", "toy:heteroscedastic:500",
                "--data", "toy:heteroscedastic:1000", "--seed", "4", "--alpha", "0.1", "--json");
        assertThat(c.code()).as(c.err()).isZero();
        JsonObject m = JsonParser.parseString(c.out()).getAsJsonObject();
        assertThat(m.get("score").getAsString()).isEqualTo("normalized");
        assertThat(m.get("coverage").getAsDouble()).isBetween(0.83, 0.975);
    }

    @Test
    void alphaOutsideTheUnitIntervalIsOneLine() {
        CliRun c = CliRun.of("conformal", "--model", moons.toString(), "--calibration", "toy:two-moons",
                "--data", "toy:two-moons", "--alpha", "1.5");
        assertThat(c.code()).isEqualTo(1);
        assertThat(c.err()).isEqualTo("bdl4j: --alpha must be in (0, 1), found 1.5\n");
        CliRun s = CliRun.of("conformal", "--model", moons.toString(), "--calibration", "toy:two-moons",
                "--data", "toy:two-moons", "--alpha", "0.1", "--score", "nope");
        assertThat(s.code()).isEqualTo(1);
        assertThat(s.err()).isEqualTo("bdl4j: --score must be lac, aps or raps, found 'nope'\n");
    }
}
