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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bdl4j continual}: its matrix in JSON and as a table, its repeatability, its plot, bad input in one line. */
class CliContinualTest {
    @TempDir
    Path dir;

    /** Four classes around dense random centres in 12 dimensions, unit noise. */
    private Path clusters() throws IOException {
        SplittableRandom centres = new SplittableRandom(42);
        double[][] mu = new double[4][12];
        for (double[] m : mu) {
            for (int j = 0; j < 12; j++) {
                m[j] = 1.5 * centres.nextGaussian();
            }
        }
        SplittableRandom r = new SplittableRandom(3);
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        for (int j = 0; j < 12; j++) {
            header.append("x").append(j).append(',');
        }
        lines.add(header + "label");
        for (int i = 0; i < 400; i++) {
            int y = r.nextInt(4);
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < 12; j++) {
                row.append(String.format(Locale.ROOT, "%.5f,", mu[y][j] + r.nextGaussian()));
            }
            lines.add(row + "c" + y);
        }
        Path f = dir.resolve("clusters.csv");
        Files.write(f, lines);
        return f;
    }

    private static CliRun run(Path data, String... extra) {
        List<String> args = new ArrayList<>(List.of("continual", "--data", data.toString(), "--hidden", "16",
                "--epochs", "10", "--lr", "0.01", "--seed", "4", "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void printsEachMethodsMatrixAndItsSummariesAndRepeats() throws IOException {
        Path data = clusters();
        Path png = dir.resolve("c.png");
        CliRun a = run(data, "--tasks", "permuted:3", "--method", "finetune,kfac-laplace", "--json", "--plot",
                png.toString());
        assertThat(a.code()).as(a.err()).isZero();
        List<String> lines = a.out().lines().toList();
        assertThat(lines).hasSize(2);
        for (int k = 0; k < 2; k++) {
            JsonObject j = JsonParser.parseString(lines.get(k)).getAsJsonObject();
            assertThat(j.get("method").getAsString()).isEqualTo(k == 0 ? "finetune" : "kfac-laplace");
            assertThat(j.get("scenario").getAsString()).isEqualTo("domain");
            var m = j.getAsJsonArray("matrix");
            assertThat(m.size()).isEqualTo(3);
            double last = 0;
            for (int t = 0; t < 3; t++) {
                double v = m.get(2).getAsJsonArray().get(t).getAsDouble();
                assertThat(v).isBetween(0.0, 1.0);
                last += v / 3;
            }
            assertThat(j.get("average_accuracy").getAsDouble()).isCloseTo(last, within(1e-12));
            // forgetting from each earlier task's best accuracy, backward transfer from just after learning it
            double forgetting = 0;
            double transfer = 0;
            for (int t = 0; t < 2; t++) {
                double best = Math.max(m.get(t).getAsJsonArray().get(t).getAsDouble(),
                        t == 0 ? m.get(1).getAsJsonArray().get(0).getAsDouble() : 0);
                double end = m.get(2).getAsJsonArray().get(t).getAsDouble();
                forgetting += (best - end) / 2;
                transfer += (end - m.get(t).getAsJsonArray().get(t).getAsDouble()) / 2;
            }
            assertThat(j.get("forgetting").getAsDouble()).isCloseTo(forgetting, within(1e-12));
            assertThat(j.get("backward_transfer").getAsDouble()).isCloseTo(transfer, within(1e-12));
        }
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(560);
        assertThat(withoutSeconds(run(data, "--tasks", "permuted:3", "--method", "finetune,kfac-laplace", "--json")
                .out())).isEqualTo(withoutSeconds(a.out()));

        CliRun table = run(data, "--tasks", "split:2", "--scenario", "class", "--method", "online-ewc", "--decay",
                "0.9");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("online-ewc on split:2 (class-incremental)").contains("after", "task 2",
                "average accuracy ");
    }

    private static String withoutSeconds(String json) {
        return json.replaceAll(",\"stage_seconds\":\\[[^]]*]", "");
    }

    @Test
    void badInputGetsOneLine() throws IOException {
        Path data = clusters();
        assertThat(run(data, "--tasks", "shuffled:3").errLines())
                .containsExactly("bdl4j: --tasks must be permuted:T or split:T, found 'shuffled:3'");
        assertThat(run(data, "--tasks", "permuted:2", "--scenario", "class").errLines()).containsExactly(
                "bdl4j: --tasks permuted:2: permuted tasks share every class: their scenario is domain, not class");
        assertThat(run(data, "--tasks", "split:5").errLines())
                .containsExactly("bdl4j: --tasks split:5: split:5 needs at least 5 classes, the source has 4");
        assertThat(run(data, "--tasks", "split:2", "--method", "ewc,si").errLines()).hasSize(1)
                .allMatch(l -> l.startsWith("bdl4j: --method must be") && l.endsWith("found 'si'"));
        assertThat(run(data, "--tasks", "split:2", "--lambda", "0").errLines())
                .containsExactly("bdl4j: --lambda: lambda must be a positive number, found 0.0");
        assertThat(run(data, "--tasks", "split:2", "--fisher", "hessian").errLines()).hasSize(1)
                .allMatch(l -> l.startsWith("bdl4j: --fisher must be"));
        assertThat(run(data, "--tasks", "split:2", "--method", "ewc", "--decay", "0.9").errLines())
                .containsExactly("bdl4j: --decay applies to --method online-ewc only");
        assertThat(run(data, "--tasks", "split:2", "--method", "finetune,joint", "--lambda", "5").errLines())
                .containsExactly("bdl4j: --lambda applies to ewc, online-ewc and kfac-laplace, not to finetune,joint");
        assertThat(CliRun.of("continual", "--data", "toy:regression-gap", "--tasks", "permuted:2").errLines())
                .containsExactly("bdl4j: continual learning needs a classification source; toy data regression-gap (400"
                        + " rows) has a regression target");
    }
}
