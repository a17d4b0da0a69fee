package org.bdl4j.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.Posteriors;
import org.bdl4j.spark.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bdl4j-spark score} end to end on {@code local[2]}: a CSV in, a CSV out whose class
 * probabilities equal the model's own predictive on the same rows (within float rounding: other
 * batches), and one-line errors for an existing output, a missing column and an empty cell.
 */
class SparkCliTest {
    @TempDir
    Path dir;

    @Test
    void scoresACsvLikeTheModelPredictsIt() throws IOException {
        Dataset test = TestModels.MOONS.test();
        Path input = writeCsv(test, -1);
        Path output = dir.resolve("scored");
        Result r = run("score", "--model", TestModels.get("map").toString(), "--input", input.toString(),
                "--output", output.toString(), "--master", "local[2]", "--batch-size", "50");
        assertThat(r.code).as(r.err).isZero();
        Map<Integer, CSVRecord> byId = readParts(output);
        assertThat(byId).hasSize(test.rows());
        try (Posterior p = Posteriors.load(TestModels.get("map"))) {
            ClassificationPredictive c = p.predictClasses(test);
            for (int i = 0; i < test.rows(); i++) {
                CSVRecord row = byId.get(i);
                for (int k = 0; k < c.classNames().size(); k++) {
                    assertThat(Double.parseDouble(row.get("p_" + c.classNames().get(k))))
                            .isCloseTo(c.probabilities()[i][k], within(1e-6));
                }
                assertThat(row.get("prediction")).isEqualTo(c.classNames().get(c.predictions()[i]));
                assertThat(Double.parseDouble(row.get("epistemic"))).isCloseTo(c.mutualInformation()[i], within(1e-6));
            }
        }
        Result again = run("score", "--model", TestModels.get("map").toString(), "--input", input.toString(),
                "--output", output.toString(), "--master", "local[2]");
        assertThat(again.code).isEqualTo(1);
        assertThat(again.err.strip()).isEqualTo("bdl4j-spark: --output " + output + " exists; --force replaces it");
    }

    @Test
    void aMissingColumnAndAnEmptyCellGetOneLine() throws IOException {
        Dataset test = TestModels.MOONS.test();
        String model = TestModels.get("map").toString();
        Path input = writeCsv(test, 4);
        Result r = run("score", "--model", model, "--input", input.toString(), "--output",
                dir.resolve("o1").toString(), "--master", "local[2]", "--features", "id,nope");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err.strip()).startsWith("bdl4j-spark: the input has no column nope (the model's feature 2 of 2)")
                .doesNotContain("\n");
        Result empty = run("score", "--model", model, "--input", input.toString(), "--output",
                dir.resolve("o2").toString(), "--master", "local[2]");
        assertThat(empty.code).isEqualTo(1);
        assertThat(empty.err.strip()).matches("bdl4j-spark: column " + test.featureNames().get(0)
                + ", partition 0, row 5: null \\(expected a finite number\\)");
        assertThat(dir.resolve("o2").resolve("_SUCCESS")).doesNotExist();
    }

    /** score --calibration: prediction sets calibrated on executors' scores, in CSV as a|b. */
    @Test
    void aCalibrationTableAddsConformalSets() throws IOException {
        Dataset test = TestModels.MOONS.test();
        Path calibration = TestModels.writeLabelledCsv(test.slice(0, 250), dir.resolve("calibration.csv"));
        Path input = writeCsv(test, -1);
        Path output = dir.resolve("sets");
        Result r = run("score", "--model", TestModels.get("map").toString(), "--input", input.toString(),
                "--output", output.toString(), "--calibration", calibration.toString(), "--target", "label",
                "--alpha", "0.1", "--master", "local[2]");
        assertThat(r.code).as(r.err).isZero();
        Map<Integer, CSVRecord> rows = readParts(output);
        int covered = 0;
        for (int i = 250; i < 500; i++) {
            List<String> set = List.of(rows.get(i).get("prediction_set").split("\\|"));
            covered += set.contains(test.classNames().get(test.labels()[i])) ? 1 : 0;
        }
        assertThat(covered / 250.0).isGreaterThanOrEqualTo(0.9 - 3 * Math.sqrt(0.09 / 250));
        Result bad = run("score", "--model", TestModels.get("map").toString(), "--input", input.toString(),
                "--output", dir.resolve("sets2").toString(), "--target", "label", "--master", "local[2]");
        assertThat(bad.code).isEqualTo(1);
        assertThat(bad.err.strip()).isEqualTo("bdl4j-spark: --conformal-score and --target apply with --calibration");
    }

    /** calibrate on the executors' scores, then score with the calibrated model; a wrong method is one line. */
    @Test
    void aModelCalibratedOnExecutorsScoresATable() throws IOException {
        Dataset test = TestModels.MOONS.test();
        Path calibration = TestModels.writeLabelledCsv(test.slice(0, 250), dir.resolve("cal.csv"));
        Path model = dir.resolve("calibrated");
        Result fit = run("calibrate", "--model", TestModels.get("map").toString(), "--calibration",
                calibration.toString(), "--target", "label", "--out", model.toString(), "--master", "local[2]");
        assertThat(fit.code).as(fit.err).isZero();
        assertThat(fit.out).startsWith("calibrated: {\"name\":\"temperature\"").contains(model.toString());
        try (Posterior p = Posteriors.load(model)) {
            assertThat(p.method()).isEqualTo("calibrated");
        }
        Result score = run("score", "--model", model.toString(), "--input", writeCsv(test, -1).toString(), "--output",
                dir.resolve("calibrated-scored").toString(), "--master", "local[2]");
        assertThat(score.code).as(score.err).isZero();
        Result wrong = run("calibrate", "--model", TestModels.get("map").toString(), "--calibration",
                calibration.toString(), "--method", "variance", "--out", dir.resolve("c2").toString(), "--master",
                "local[2]");
        assertThat(wrong.code).isEqualTo(1);
        assertThat(wrong.err.strip()).isEqualTo("bdl4j-spark: calibration method variance is for regression, the model"
                + " does classification");
    }

    /** fit-ensemble then score: the ensemble trained on the executors scores a table. */
    @Test
    void anEnsembleFittedOnExecutorsScoresATable() throws IOException {
        Path csv = TestModels.writeLabelledCsv(TestModels.MOONS.train(), dir.resolve("train.csv"));
        Path model = dir.resolve("ensemble");
        Result fit = run("fit-ensemble", "--train", csv.toString(), "--members", "2", "--seed", "3", "--option",
                "epochs=3", "--option", "hidden=8", "--out", model.toString(), "--master", "local[2]");
        assertThat(fit.code).as(fit.err).isZero();
        assertThat(fit.out).startsWith("fitted ensemble: 2 members trained on executors in ").contains(model.toString());
        Result bad = run("fit-ensemble", "--train", csv.toString(), "--option", "nope=1", "--out",
                dir.resolve("e2").toString(), "--master", "local[2]");
        assertThat(bad.code).isEqualTo(1);
        assertThat(bad.err.strip()).startsWith("bdl4j-spark: no option 'nope' (options: ");
        Path input = writeCsv(TestModels.MOONS.test(), -1);
        Result score = run("score", "--model", model.toString(), "--input", input.toString(), "--output",
                dir.resolve("scored").toString(), "--master", "local[2]");
        assertThat(score.code).as(score.err).isZero();
        assertThat(readParts(dir.resolve("scored"))).hasSize(TestModels.MOONS.test().rows());
    }

    /** fit-laplace from the MAP on a CSV, then score with the Laplace model. */
    @Test
    void aLaplaceFittedOnExecutorsScoresATable() throws IOException {
        Dataset train = TestModels.MOONS.train();
        Path csv = TestModels.writeLabelledCsv(train, dir.resolve("laplace-train.csv"));
        Path model = dir.resolve("laplace");
        Result fit = run("fit-laplace", "--from", TestModels.get("map").toString(), "--train", csv.toString(),
                "--target", "label", "--option", "hessian=full", "--out", model.toString(), "--master", "local[2]");
        assertThat(fit.code).as(fit.err).isZero();
        assertThat(fit.out).startsWith("fitted laplace: curvature of " + train.rows() + " rows summed on executors in ");
        assertThat(fit.err).contains("warning: no --validation table: the prior precision is the marginal likelihood's,"
                + " unchecked");
        try (Posterior p = Posteriors.load(model)) {
            assertThat(p.method()).isEqualTo("laplace");
        }
        Path heldOut = TestModels.writeLabelledCsv(TestModels.MOONS.test().slice(0, 100), dir.resolve("held-out.csv"));
        Result checked = run("fit-laplace", "--from", TestModels.get("map").toString(), "--train", csv.toString(),
                "--target", "label", "--validation", heldOut.toString(), "--option", "prior-optimize=gridsearch",
                "--out", dir.resolve("laplace-grid").toString(), "--master", "local[2]");
        assertThat(checked.code).as(checked.err).isZero();
        assertThat(checked.err).doesNotContain("warning");
        Result score = run("score", "--model", model.toString(), "--input", writeCsv(TestModels.MOONS.test(), -1)
                .toString(), "--output", dir.resolve("laplace-scored").toString(), "--master", "local[2]");
        assertThat(score.code).as(score.err).isZero();
        assertThat(readParts(dir.resolve("laplace-scored"))).hasSize(TestModels.MOONS.test().rows());
    }

    /** fit-hmc from the MAP: one chain per task, the model loads as an hmc model. */
    @Test
    void hmcChainsRunOnExecutors() throws IOException {
        Path csv = TestModels.writeLabelledCsv(TestModels.MOONS.train(), dir.resolve("hmc-train.csv"));
        Path model = dir.resolve("hmc");
        Result fit = run("fit-hmc", "--from", TestModels.get("map").toString(), "--train", csv.toString(), "--target",
                "label", "--option", "hmc-chains=2", "--option", "samples=8", "--option", "hmc-warmup=20",
                "--out", model.toString(), "--master", "local[2]");
        assertThat(fit.code).as(fit.err).isZero();
        assertThat(fit.out).startsWith("fitted hmc: 2 chains run on executors in ");
        try (Posterior p = Posteriors.load(model)) {
            assertThat(p.method()).isEqualTo("hmc");
        }
        Result bad = run("fit-hmc", "--from", TestModels.get("map").toString(), "--train", csv.toString(), "--target",
                "label", "--option", "hmc-chains=0", "--out", dir.resolve("hmc-bad").toString(), "--master", "local[2]");
        assertThat(bad.code).isNotZero();
        assertThat(bad.err).contains("hmc-chains").contains("0");
    }

    /** The rows as CSV: {@code id}, then the features; row {@code emptyRow}'s first feature left empty. */
    private Path writeCsv(Dataset data, int emptyRow) throws IOException {
        StringBuilder sb = new StringBuilder("id," + String.join(",", data.featureNames()) + "\n");
        for (int i = 0; i < data.rows(); i++) {
            sb.append(i);
            float[] x = data.row(i);
            for (int j = 0; j < x.length; j++) {
                sb.append(',').append(i == emptyRow && j == 0 ? "" : Float.toString(x[j]));
            }
            sb.append('\n');
        }
        Path p = dir.resolve("rows-" + emptyRow + ".csv");
        Files.writeString(p, sb);
        return p;
    }

    private static Map<Integer, CSVRecord> readParts(Path output) throws IOException {
        Map<Integer, CSVRecord> byId = new TreeMap<>();
        List<Path> parts = new ArrayList<>();
        try (Stream<Path> s = Files.list(output)) {
            s.filter(p -> p.getFileName().toString().startsWith("part-")).forEach(parts::add);
        }
        for (Path part : parts) {
            try (CSVParser parser = CSVParser.parse(part, java.nio.charset.StandardCharsets.UTF_8,
                    CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build())) {
                for (CSVRecord rec : parser) {
                    byId.put(Integer.parseInt(rec.get("id")), rec);
                }
            }
        }
        return byId;
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SparkMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
