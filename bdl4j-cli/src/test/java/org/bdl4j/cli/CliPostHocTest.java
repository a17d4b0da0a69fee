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
                .containsExactly("accuracy", "nll", "brier", "ece", "mce", "sel_acc80");
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

    /**
     * Predictions made elsewhere: logits of 3 classes with labels drawn from their own softmax
     * (calibrated by construction), and a Gaussian mean/std with targets drawn from it. Coverage of
     * 2,000 test rows after calibrating on 500 has a standard deviation of about
     * sqrt(0.09/500 + 0.09/2000) ≈ 0.015 around a mean in [0.9, 0.902]; the bounds are four of them.
     */
    @Test
    void conformalOnPredictionFilesMadeElsewhere() throws IOException {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        Path cal = tmp.resolve("cal-logits.csv");
        Path test = tmp.resolve("test-logits.csv");
        Path calReg = tmp.resolve("cal-reg.csv");
        Path testReg = tmp.resolve("test-reg.csv");
        for (Path[] files : new Path[][] {{cal, calReg}, {test, testReg}}) {
            int n = files[0] == cal ? 500 : 2000;
            List<String> cls = new java.util.ArrayList<>(List.of("logit_a,logit_b,logit_c,label"));
            List<String> reg = new java.util.ArrayList<>(List.of("mean,std,y"));
            for (int i = 0; i < n; i++) {
                double[] z = {2 * r.nextGaussian(), 2 * r.nextGaussian(), 2 * r.nextGaussian()};
                double m = Math.max(z[0], Math.max(z[1], z[2]));
                double[] p = {Math.exp(z[0] - m), Math.exp(z[1] - m), Math.exp(z[2] - m)};
                double u = r.nextDouble() * (p[0] + p[1] + p[2]);
                String label = u < p[0] ? "a" : u < p[0] + p[1] ? "b" : "c";
                cls.add(String.format(java.util.Locale.ROOT, "%.9f,%.9f,%.9f,%s", z[0], z[1], z[2], label));
                double mean = 10 * r.nextDouble();
                double sd = 0.1 + r.nextDouble();
                reg.add(String.format(java.util.Locale.ROOT, "%.9f,%.9f,%.9f", mean, sd, mean + sd * r.nextGaussian()));
            }
            Files.write(files[0], cls);
            Files.write(files[1], reg);
        }
        CliRun c = CliRun.of("conformal", "--calibration", cal.toString(), "--data", test.toString(), "--target", "label",
                "--scores", "logits", "--alpha", "0.1", "--json");
        assertThat(c.code()).as(c.err()).isZero();
        JsonObject m = JsonParser.parseString(c.out()).getAsJsonObject();
        assertThat(m.get("calibration_rows").getAsInt()).isEqualTo(500);
        assertThat(m.get("coverage").getAsDouble()).isBetween(0.84, 0.962);
        CliRun g = CliRun.of("conformal", "--calibration", calReg.toString(), "--data", testReg.toString(), "--target",
                "y", "--alpha", "0.1", "--json");
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(JsonParser.parseString(g.out()).getAsJsonObject().get("coverage").getAsDouble()).isBetween(0.84, 0.962);
        CliRun noTarget = CliRun.of("conformal", "--calibration", cal.toString(), "--data", test.toString(), "--alpha",
                "0.1");
        assertThat(noTarget.code()).isEqualTo(1);
        assertThat(noTarget.err()).startsWith("bdl4j: --target must name");
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
