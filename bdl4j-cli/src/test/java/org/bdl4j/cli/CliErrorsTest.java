package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input of docs/design.md ends with a non-zero exit and exactly one line on stderr that names
 * the file, line and column or the option and the value; no stack trace unless --verbose.
 */
class CliErrorsTest {
    @TempDir
    static Path tmp;
    static Path good;
    static Path model;

    @BeforeAll
    static void fitAModel() throws IOException {
        good = tmp.resolve("good.csv");
        Files.write(good, List.of("a,b,label", "0.1,1.0,yes", "0.2,0.5,no", "1.5,0.3,yes", "0.7,0.9,no",
                "1.1,0.1,yes", "0.3,0.4,no"));
        model = tmp.resolve("model");
        CliRun fit = CliRun.of("fit", "--data", good.toString(), "--epochs", "2", "--quiet", "--out", model.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
    }

    private static CliRun failing(int code, String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("bdl4j: ").doesNotContain("\tat ").doesNotContain("Exception");
        return r;
    }

    private static Path csv(String name, String... lines) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, List.of(lines));
        return p;
    }

    @Test
    void missingFile() {
        Path nope = tmp.resolve("nope.csv");
        assertThat(failing(1, "fit", "--data", nope.toString(), "--quiet", "--out", tmp.resolve("x").toString()).err())
                .contains(nope.toString());
    }

    @Test
    void compareRefusesACalibrationFractionOutsideZeroToOne() {
        assertThat(failing(1, "compare", "--data", good.toString(), "--calibration-fraction", "1.5").err())
                .isEqualTo("bdl4j: --calibration-fraction must be in [0, 1), found 1.5" + System.lineSeparator());
    }

    @Test
    void missingColumn() {
        assertThat(failing(1, "fit", "--data", good.toString(), "--target", "zzz", "--quiet", "--out",
                tmp.resolve("x").toString()).err()).contains("zzz").contains("good.csv");
    }

    @Test
    void nonNumericCellNamesLineColumnAndValue() throws IOException {
        Path bad = csv("bad.csv", "a,b,label", "0.1,1.0,yes", "0.2,abc,no");
        assertThat(failing(1, "fit", "--data", bad.toString(), "--quiet", "--out", tmp.resolve("x").toString()).err())
                .contains("bad.csv").contains("line 3").contains("'b'").contains("abc");
    }

    @Test
    void nanCellNamesLineAndColumn() throws IOException {
        Path bad = csv("nan.csv", "a,b,label", "0.1,1.0,yes", "NaN,0.5,no");
        assertThat(failing(1, "fit", "--data", bad.toString(), "--quiet", "--out", tmp.resolve("x").toString()).err())
                .contains("nan.csv").contains("line 3").contains("'a'").containsIgnoringCase("nan");
    }

    @Test
    void unknownLabelAtEvaluation() throws IOException {
        Path bad = csv("unknown.csv", "a,b,label", "0.1,1.0,yes", "0.2,0.5,maybe");
        assertThat(failing(1, "evaluate", "--model", model.toString(), "--data", bad.toString()).err())
                .contains("unknown.csv").contains("line 3").contains("maybe");
    }

    @Test
    void wrongFeatureCountAtPrediction() throws IOException {
        Path bad = csv("short.csv", "a,label", "0.1,yes");
        assertThat(failing(1, "predict", "--model", model.toString(), "--data", bad.toString()).err())
                .contains("short.csv").contains("b");
    }

    @Test
    void corruptModelDirectory() throws IOException {
        Path copy = tmp.resolve("corrupt");
        Files.createDirectories(copy);
        for (Path p : Files.list(model).toList()) {
            Files.copy(p, copy.resolve(p.getFileName()));
        }
        Path theta = copy.resolve("theta.f32");
        byte[] b = Files.readAllBytes(theta);
        b[0] ^= 0x10;
        Files.write(theta, b);
        assertThat(failing(1, "predict", "--model", copy.toString(), "--data", good.toString()).err())
                .contains("theta.f32").contains("checksum mismatch");
    }

    @Test
    void foreignModelDirectory() throws IOException {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("manifest.json"), "{\"hello\": 1}");
        assertThat(failing(1, "evaluate", "--model", foreign.toString(), "--data", good.toString()).err())
                .contains("not a bdl4j model");
        Path empty = Files.createDirectories(tmp.resolve("empty-dir"));
        assertThat(failing(1, "evaluate", "--model", empty.toString(), "--data", good.toString()).err())
                .contains("no manifest.json");
    }

    @Test
    void optionValuesOutOfRange() {
        String out = tmp.resolve("x").toString();
        assertThat(failing(1, "fit", "--data", good.toString(), "--dropout", "1.5", "--out", out).err())
                .isEqualTo("bdl4j: --dropout must be in [0, 1), found 1.5\n");
        assertThat(failing(1, "fit", "--data", good.toString(), "--hidden", "10,x", "--out", out).err())
                .contains("--hidden").contains("10,x");
        assertThat(failing(1, "predict", "--model", model.toString(), "--data", good.toString(), "--level", "2").err())
                .isEqualTo("bdl4j: --level must be in (0, 1), found 2.0\n");
        assertThat(failing(1, "fit", "--data", good.toString(), "--method", "magic", "--out", out).err())
                .isEqualTo("bdl4j: --method must be one of map, mc-dropout, ensemble, laplace, vi, swag, sgld, hmc,"
                        + " base-rate, found 'magic'\n");
        assertThat(failing(1, "fit", "--data", good.toString(), "--method", "ensemble", "--members", "0", "--out", out)
                .err()).isEqualTo("bdl4j: --members must be >= 1, found 0\n");
        assertThat(failing(1, "fit", "--data", good.toString(), "--method", "vi", "--estimator", "magic", "--out", out)
                .err()).isEqualTo("bdl4j: --estimator must be reparam, local or flipout, found 'magic'\n");
        assertThat(failing(1, "fit", "--data", "toy:nonsense", "--out", out).err()).contains("nonsense");
        assertThat(failing(1, "fit", "--data", good.toString(), "--task", "clustering", "--out", out).err())
                .contains("clustering");
    }

    @Test
    void malformedCommandLinesExitWithTwo() {
        assertThat(failing(2, "fit", "--out", tmp.resolve("x").toString()).err()).contains("--data");
        assertThat(failing(2, "fit", "--data", good.toString(), "--epochs", "many", "--out", "x").err())
                .contains("many");
        assertThat(failing(2, "frobnicate").err()).isEqualTo("bdl4j: unknown command 'frobnicate' (commands: demo, fit,"
                + " predict, evaluate, compare, calibrate, conformal, ood, active-learn, acquire,"
                + " optimize, continual, doctor, report) (see 'bdl4j --help')\n");
    }

    /** A model is never replaced by accident: --out naming an existing model needs --force. */
    @Test
    void anExistingModelIsReplacedOnlyWithForce() throws IOException {
        Path target = tmp.resolve("kept");
        assertThat(CliRun.of("fit", "--data", good.toString(), "--epochs", "1", "--quiet", "--out", target.toString())
                .code()).isZero();
        String before = Files.readString(target.resolve("manifest.json"));
        assertThat(failing(1, "fit", "--data", good.toString(), "--epochs", "2", "--quiet", "--out", target.toString())
                .err()).isEqualTo("bdl4j: --out " + target + ": exists; add --force to replace it\n");
        assertThat(Files.readString(target.resolve("manifest.json"))).isEqualTo(before);
        CliRun forced = CliRun.of("fit", "--data", good.toString(), "--epochs", "2", "--quiet", "--force", "--out",
                target.toString());
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(Files.readString(target.resolve("manifest.json"))).isNotEqualTo(before);
    }

    @Test
    void verboseAddsTheStackTrace() {
        CliRun r = CliRun.of("evaluate", "--model", tmp.resolve("nothing").toString(), "--data", good.toString(),
                "--verbose");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.errLines().size()).isGreaterThan(1);
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void aFailedPredictionNeverLeavesAPartialFile() throws IOException {
        Path out = tmp.resolve("pred.csv");
        Files.writeString(out, "previous content\n");
        Path bad = csv("bad-rows.csv", "a,b,label", "0.1,1.0,yes", "0.2,oops,no");
        failing(1, "predict", "--model", model.toString(), "--data", bad.toString(), "--out", out.toString());
        assertThat(Files.readString(out)).isEqualTo("previous content\n");
    }
}
