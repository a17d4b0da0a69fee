package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * Predictions made elsewhere: {@code calibrate --predictions} writes a calibrator file and
 * {@code predict --calibrator} applies it. The files are drawn from a known model: labels from
 * softmax(z), the file holding 4z (an over-confident model whose right temperature is 4); regression
 * targets from N(μ, 1) with the file's std 0.5 (the right variance factor is 4).
 */
class CliPredictionFilesTest {
    private static final String[] CLASSES = {"cat", "dog", "fox"};

    @TempDir
    Path dir;

    private Path logits(String name, int n, long seed, boolean withLabels) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(List.of("logit_cat,logit_dog,logit_fox" + (withLabels ? ",label" : "")));
        for (int i = 0; i < n; i++) {
            double[] z = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            double[] p = softmax(z, 1);
            double u = r.nextDouble();
            int y = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
            lines.add(String.format(Locale.ROOT, "%.6f,%.6f,%.6f", 4 * z[0], 4 * z[1], 4 * z[2])
                    + (withLabels ? "," + CLASSES[y] : ""));
        }
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    @Test
    void temperatureFromLogitsMadeElsewhereIsAppliedToNewPredictions() throws IOException {
        Path cal = logits("cal.csv", 3000, 1, true);
        Path fresh = logits("new.csv", 20, 2, false);
        Path json = dir.resolve("calibrator.json");
        CliRun fit = CliRun.of("calibrate", "--predictions", cal.toString(), "--target", "label", "--scores", "logits",
                "--out", json.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        JsonObject file = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(file.get("classes").toString()).isEqualTo("[\"cat\",\"dog\",\"fox\"]");
        double t = file.getAsJsonObject("calibrator").get("temperature").getAsDouble();
        assertThat(t).as("the generating model's temperature is 4").isBetween(3.5, 4.6);
        CliRun predict = CliRun.of("predict", "--calibrator", json.toString(), "--predictions", fresh.toString(),
                "--scores", "logits");
        assertThat(predict.code()).as(predict.err()).isZero();
        List<String> out = predict.out().lines().toList();
        List<String> in = Files.readAllLines(fresh);
        assertThat(out).hasSize(in.size());
        for (int i = 1; i < in.size(); i++) {
            String[] z = in.get(i).split(",");
            double[] p = softmax(new double[] {Double.parseDouble(z[0]), Double.parseDouble(z[1]),
                    Double.parseDouble(z[2])}, 1 / t);
            String[] cells = out.get(i).split(",");
            for (int k = 0; k < 3; k++) {
                assertThat(Double.parseDouble(cells[2 + k])).isCloseTo(p[k], within(1e-5));
            }
        }
    }

    @Test
    void varianceScalingFromMeansAndStdsMadeElsewhere() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        List<String> lines = new ArrayList<>(List.of("mean,std,y"));
        for (int i = 0; i < 3000; i++) {
            double mu = 3 * r.nextGaussian();
            lines.add(String.format(Locale.ROOT, "%.6f,0.5,%.6f", mu, mu + r.nextGaussian()));
        }
        Path cal = dir.resolve("reg.csv");
        Files.write(cal, lines);
        Path json = dir.resolve("reg.json");
        CliRun fit = CliRun.of("calibrate", "--predictions", cal.toString(), "--target", "y", "--out", json.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        JsonObject c = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("calibrator");
        assertThat(c.get("name").getAsString()).isEqualTo("variance");
        CliRun predict = CliRun.of("predict", "--calibrator", json.toString(), "--predictions", cal.toString(),
                "--target", "y");
        assertThat(predict.code()).as(predict.err()).isZero();
        String[] first = predict.out().lines().skip(1).findFirst().orElseThrow().split(",");
        assertThat(Double.parseDouble(first[1])).as("std of a model whose std is half the truth's").isBetween(0.95,
                1.05);
    }

    /**
     * {@code ood --predictions} scores files of logits: the max-logit AUROC equals the Mann-Whitney
     * statistic computed here from the files (ties count half); scores that need posterior samples or
     * features are listed as not computed.
     */
    @Test
    void oodScoresOfPredictionFiles() throws IOException {
        Path in = logits("in.csv", 200, 5, true);
        SplittableRandom r = new SplittableRandom(6);
        List<String> lines = new ArrayList<>(List.of("logit_cat,logit_dog,logit_fox"));
        for (int i = 0; i < 150; i++) {
            lines.add(String.format(Locale.ROOT, "%.6f,%.6f,%.6f", r.nextGaussian(), r.nextGaussian(),
                    r.nextGaussian()));
        }
        Path out = dir.resolve("ood.csv");
        Files.write(out, lines);
        CliRun run = CliRun.of("ood", "--predictions", "--in", in.toString(), "--target", "label", "--ood",
                out.toString(), "--scores", "logits", "--bootstrap", "0", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        double auroc = json.getAsJsonObject("results").getAsJsonObject(out.toString()).getAsJsonObject("max_logit")
                .get("auroc").getAsDouble();
        double[] a = negativeMaxLogits(in);
        double[] b = negativeMaxLogits(out);
        double wins = 0;
        for (double x : a) {
            for (double y : b) {
                wins += y > x ? 1 : y == x ? 0.5 : 0;
            }
        }
        assertThat(auroc).isCloseTo(wins / (a.length * (double) b.length), within(1e-12));
        assertThat(json.getAsJsonObject("unavailable").keySet()).containsExactlyInAnyOrder("mi", "expected_entropy",
                "variation_ratio", "mahalanobis");
        assertThat(CliRun.of("ood", "--predictions", "--in", in.toString(), "--target", "label", "--ood",
                out.toString()).errLines()).containsExactly("bdl4j: " + in + ": data row 1 has the class score "
                        + Files.readAllLines(in).get(1).split(",")[0].replaceAll("0+$", "") + ", not a probability: are"
                        + " the columns logits? (--scores logits)");
    }

    /** −max_k z_k per data row of a logits file (the label column, if any, last). */
    private static double[] negativeMaxLogits(Path f) throws IOException {
        List<String> rows = Files.readAllLines(f);
        double[] out = new double[rows.size() - 1];
        for (int i = 1; i < rows.size(); i++) {
            String[] c = rows.get(i).split(",");
            out[i - 1] = -Math.max(Double.parseDouble(c[0]), Math.max(Double.parseDouble(c[1]),
                    Double.parseDouble(c[2])));
        }
        return out;
    }

    @Test
    void badInputGetsOneLine() throws IOException {
        Path cal = logits("cal.csv", 50, 4, true);
        Path json = dir.resolve("c.json");
        assertThat(CliRun.of("calibrate", "--predictions", cal.toString(), "--out", json.toString()).errLines())
                .containsExactly("bdl4j: --predictions needs --target, the label or target column");
        assertThat(CliRun.of("predict", "--predictions", cal.toString()).errLines())
                .containsExactly("bdl4j: --predictions needs --calibrator FILE.json");
        assertThat(CliRun.of("predict").errLines())
                .containsExactly("bdl4j: missing --model MODEL (or --calibrator FILE.json --predictions FILE.csv)");
        assertThat(CliRun.of("calibrate", "--predictions", cal.toString(), "--target", "label", "--scores", "logits",
                "--out", json.toString()).code()).isZero();
        Path other = dir.resolve("other.csv");
        Files.write(other, List.of("logit_a,logit_b,logit_c", "1,2,3"));
        assertThat(CliRun.of("predict", "--calibrator", json.toString(), "--predictions", other.toString(),
                "--scores", "logits").errLines()).containsExactly("bdl4j: " + other + ": the score columns name the"
                        + " classes [a, b, c], the model's classes are [cat, dog, fox]");
    }

    /**
     * {@code report} on files made elsewhere: the same logits at two temperatures (the file's, and
     * divided by the generating model's 4, which fits the labels best). Each row's accuracy and NLL are
     * computed here from the files, and the OOD AUROC of the entropy as the Mann-Whitney statistic; the
     * HTML report is written with its figures. Bad input gets one line.
     */
    @Test
    void reportOfPredictionFilesMadeElsewhere() throws IOException {
        Path sharp = logits("sharp.csv", 400, 7, true);
        List<String> lines = Files.readAllLines(sharp);
        List<String> soft = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            soft.add(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%s", Double.parseDouble(c[0]) / 4,
                    Double.parseDouble(c[1]) / 4, Double.parseDouble(c[2]) / 4, c[3]));
        }
        Path softFile = dir.resolve("soft.csv");
        Files.write(softFile, soft);
        Path oodSharp = logits("ood-sharp.csv", 100, 8, false);
        List<String> oodSoft = new ArrayList<>(List.of("logit_cat,logit_dog,logit_fox"));
        for (String line : Files.readAllLines(oodSharp).subList(1, 101)) {
            String[] c = line.split(",");
            oodSoft.add(String.format(Locale.ROOT, "%.6f,%.6f,%.6f", 0.25 * Double.parseDouble(c[0]),
                    0.25 * Double.parseDouble(c[1]), 0.25 * Double.parseDouble(c[2])));
        }
        Path oodSoftFile = dir.resolve("ood-soft.csv");
        Files.write(oodSoftFile, oodSoft);
        Path html = dir.resolve("report");
        CliRun run = CliRun.of("report", "--predictions", "sharp=" + sharp + ",soft=" + softFile, "--target", "label",
                "--scores", "logits", "--ood-predictions", oodSharp + "," + oodSoftFile, "--out", html.toString(),
                "--json");
        assertThat(run.code()).as(run.err()).isZero();
        com.google.gson.JsonArray rows = JsonParser.parseString(run.out()).getAsJsonArray();
        assertThat(rows.size()).isEqualTo(2);
        Path[][] files = {{sharp, oodSharp}, {softFile, oodSoftFile}};
        for (int m = 0; m < 2; m++) {
            JsonObject row = rows.get(m).getAsJsonObject();
            assertThat(row.get("method").getAsString()).isEqualTo(m == 0 ? "sharp" : "soft");
            assertThat(row.has("fit_seconds")).isFalse();
            List<String> in = Files.readAllLines(files[m][0]);
            double nll = 0;
            int correct = 0;
            double[] inEntropy = new double[in.size() - 1];
            for (int i = 1; i < in.size(); i++) {
                String[] c = in.get(i).split(",");
                double[] p = softmax(new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1]),
                        Double.parseDouble(c[2])}, 1);
                int y = List.of(CLASSES).indexOf(c[3]);
                nll -= Math.log(p[y]) / inEntropy.length;
                correct += p[y] >= Math.max(p[0], Math.max(p[1], p[2])) ? 1 : 0;
                inEntropy[i - 1] = entropy(p);
            }
            assertThat(row.get("accuracy").getAsDouble()).isCloseTo((double) correct / inEntropy.length, within(1e-9));
            assertThat(row.get("nll").getAsDouble()).isCloseTo(nll, within(1e-5));
            List<String> out = Files.readAllLines(files[m][1]);
            double[] outEntropy = new double[out.size() - 1];
            for (int i = 1; i < out.size(); i++) {
                String[] c = out.get(i).split(",");
                outEntropy[i - 1] = entropy(softmax(new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1]),
                        Double.parseDouble(c[2])}, 1));
            }
            assertThat(row.get("ood_auroc").getAsDouble()).isCloseTo(mannWhitney(inEntropy, outEntropy), within(1e-9));
        }
        assertThat(rows.get(1).getAsJsonObject().get("nll").getAsDouble())
                .as("the calibrated logits fit the labels better").isLessThan(rows.get(0).getAsJsonObject()
                        .get("nll").getAsDouble());
        String index = Files.readString(html.resolve("index.html"));
        assertThat(index).contains("400 test rows.", "soft", "reliability-sharp.png", "ood-soft.png");
        assertThat(html.resolve("section1-risk-coverage.png")).exists();

        assertThat(CliRun.of("report", "--predictions", sharp + "," + softFile, "--target", "label", "--scores",
                "logits", "--ood-predictions", oodSharp.toString()).errLines()).containsExactly("bdl4j:"
                        + " --ood-predictions: one file per --predictions file (2), found 1");
        Path shorter = dir.resolve("short.csv");
        Files.write(shorter, lines.subList(0, 50));
        assertThat(CliRun.of("report", "--predictions", sharp + "," + shorter, "--target", "label", "--scores",
                "logits").errLines()).containsExactly("bdl4j: " + shorter + ": its 'label' column differs from "
                        + sharp + "'s: every file must hold predictions on the same test rows");
        assertThat(CliRun.of("report", "--predictions", oodSharp.toString(), "--target", "label", "--scores",
                "logits").errLines()).containsExactly("bdl4j: " + oodSharp + ": no column 'label' (--target)"
                        + " holding the truth");
    }

    /** {@code report} on regression files: the Gaussian NLL and RMSE computed here from the files. */
    @Test
    void reportOfRegressionPredictionFiles() throws IOException {
        SplittableRandom r = new SplittableRandom(9);
        List<String> wide = new ArrayList<>(List.of("mean,std,y"));
        List<String> narrow = new ArrayList<>(List.of("mean,std,y"));
        double nllWide = 0;
        double sq = 0;
        int n = 300;
        for (int i = 0; i < n; i++) {
            double mu = 3 * r.nextGaussian();
            double y = mu + r.nextGaussian();
            String m = String.format(Locale.ROOT, "%.6f", mu);
            String t = String.format(Locale.ROOT, "%.6f", y);
            wide.add(m + ",1.0," + t);
            narrow.add(m + ",0.5," + t);
            double e = Double.parseDouble(t) - Double.parseDouble(m);
            nllWide += (0.5 * Math.log(2 * Math.PI) + 0.5 * e * e) / n;
            sq += e * e / n;
        }
        Path a = dir.resolve("wide.csv");
        Path b = dir.resolve("narrow.csv");
        Files.write(a, wide);
        Files.write(b, narrow);
        CliRun run = CliRun.of("report", "--predictions", a + "," + b, "--target", "y", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        com.google.gson.JsonArray rows = JsonParser.parseString(run.out()).getAsJsonArray();
        JsonObject first = rows.get(0).getAsJsonObject();
        assertThat(first.get("method").getAsString()).isEqualTo("wide");
        assertThat(first.get("nll").getAsDouble()).isCloseTo(nllWide, within(1e-6));
        assertThat(first.get("rmse").getAsDouble()).isCloseTo(Math.sqrt(sq), within(1e-6));
        assertThat(rows.get(1).getAsJsonObject().get("nll").getAsDouble()).isGreaterThan(nllWide);
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            h -= v > 0 ? v * Math.log(v) : 0;
        }
        return h;
    }

    /** P(out > in) + P(out = in)/2 over all pairs: the AUROC with the OOD rows as positives. */
    private static double mannWhitney(double[] in, double[] out) {
        double wins = 0;
        for (double o : out) {
            for (double i : in) {
                wins += o > i ? 1 : o == i ? 0.5 : 0;
            }
        }
        return wins / ((double) in.length * out.length);
    }

    private static double[] softmax(double[] z, double scale) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double[] p = new double[z.length];
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(scale * (z[k] - max));
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
