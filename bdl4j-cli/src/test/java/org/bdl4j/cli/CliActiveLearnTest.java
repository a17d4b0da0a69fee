package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bdl4j active-learn}: its curve, labels and plot files, its repeatability, and bad input in one line. */
class CliActiveLearnTest {
    @TempDir
    Path dir;

    private CliRun run(String tag, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("active-learn", "--data", "toy:two-moons:300", "--method",
                "ensemble", "--members", "3", "--epochs", "10", "--initial", "6", "--batch", "4", "--rounds", "3",
                "--seed", "2", "--quiet", "--curve", dir.resolve(tag + ".csv").toString(),
                "--labels-out", dir.resolve(tag + "-labels.csv").toString(), "--plot", dir.resolve(tag + ".png").toString()));
        args.addAll(List.of(extra));
        if (!args.contains("--acquisition")) {
            args.addAll(List.of("--acquisition", "batchbald"));
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void writesTheCurveTheLabelledRowsAndThePlotAndRepeats() throws IOException {
        CliRun a = run("a");
        assertThat(a.code()).as(a.err()).isZero();
        List<String> curve = Files.readAllLines(dir.resolve("a.csv"));
        assertThat(curve.get(0)).startsWith("round,labelled,accuracy,nll,");
        assertThat(curve.subList(1, curve.size())).extracting(l -> l.split(",")[1]).containsExactly("6", "10", "14", "18");
        List<String> labels = Files.readAllLines(dir.resolve("a-labels.csv"));
        assertThat(labels.get(0)).isEqualTo("row,round");
        Set<String> rows = new HashSet<>();
        int[] perRound = new int[4];
        for (String l : labels.subList(1, labels.size())) {
            String[] c = l.split(",");
            assertThat(rows.add(c[0])).as("row %s labelled twice", c[0]).isTrue();
            assertThat(Integer.parseInt(c[0])).isBetween(0, 299);
            perRound[Integer.parseInt(c[1])]++;
        }
        assertThat(perRound).containsExactly(6, 4, 4, 4);
        CliRun withValidation = run("v", "--pool-validation", "40");
        assertThat(withValidation.code()).as(withValidation.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("v.csv")).get(0)).contains(",validation_nll,");
        BufferedImage png = ImageIO.read(dir.resolve("a.png").toFile());
        assertThat(png.getWidth()).isEqualTo(560);
        CliRun b = run("b");
        assertThat(b.code()).isZero();
        assertThat(Files.readAllLines(dir.resolve("b-labels.csv"))).isEqualTo(labels);
        assertThat(Files.readAllLines(dir.resolve("b.csv"))).extracting(l -> l.split(",")[2])
                .isEqualTo(curve.stream().map(l -> l.split(",")[2]).toList());
    }

    @Test
    void warmStartTrainsEachRoundFromTheLastAndRefusesAnEnsemble() {
        CliRun warm = CliRun.of("active-learn", "--data", "toy:two-moons:300", "--method", "map", "--epochs", "5",
                "--initial", "6", "--batch", "4", "--rounds", "2", "--acquisition", "entropy", "--warm-start", "--quiet");
        assertThat(warm.code()).as(warm.err()).isZero();
        assertThat(warm.out()).contains("active learning with map and entropy");
        assertThat(run("x", "--warm-start").errLines()).containsExactly("bdl4j: a warm start needs a method built on"
                + " one trained network (map, mc-dropout, laplace); ensemble is not");
    }

    @Test
    void theDefaultAcquisitionIsPowerBaldForABatchAndBaldForOneRow() {
        for (String batch : new String[] {"4", "1"}) {
            CliRun r = CliRun.of("active-learn", "--data", "toy:two-moons:300", "--method", "mc-dropout", "--epochs",
                    "5", "--initial", "6", "--batch", batch, "--rounds", "1", "--quiet");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("active learning with mc-dropout and " + (batch.equals("4") ? "powerbald" : "bald")
                    + " on");
        }
    }

    @Test
    void badInputGetsOneLine() {
        assertThat(run("x", "--acquisition", "bal").errLines()).containsExactly("bdl4j: --acquisition must be random,"
                + " entropy, bald, variation_ratio, mean_std, margin, batchbald or powerbald (classification), found"
                + " 'bal'");
        assertThat(run("x", "--start", "stratified").errLines()).containsExactly("bdl4j: --start must be balanced or"
                + " random, found 'stratified'");
        assertThat(CliRun.of("active-learn", "--data", "toy:two-moons:300", "--batch", "0").errLines())
                .containsExactly("bdl4j: --batch must be >= 1, found 0");
        assertThat(CliRun.of("active-learn", "--data", "toy:two-moons:300", "--stop-patience", "2").errLines())
                .containsExactly("bdl4j: --stop-patience needs validation rows: give --pool-validation N");
        CliRun noSamples = CliRun.of("active-learn", "--data", "toy:two-moons:300", "--method", "map", "--epochs", "5",
                "--initial", "6", "--batch", "4", "--rounds", "1", "--acquisition", "batchbald", "--quiet");
        assertThat(noSamples.errLines()).hasSize(1);
        assertThat(noSamples.err()).startsWith("bdl4j: batchbald needs the posterior's per-sample probabilities");
        assertThat(CliRun.of("active-learn", "--data", "toy:two-moons:30", "--method", "map", "--initial", "40",
                "--quiet").errLines()).containsExactly("bdl4j: the pool has 24 rows, fewer than the 40 to start from");
    }

    /**
     * Regression with variance_reduction: an ensemble (whose predictive keeps each member's means) runs the
     * loop, labelling 4 new rows per round; a MAP network keeps no samples and gets one line; an unknown
     * regression acquisition lists variance_reduction among the names.
     */
    @Test
    void varianceReductionRunsOnASamplingMethodAndRefusesMapInOneLine() throws IOException {
        CliRun ok = CliRun.of("active-learn", "--data", "toy:regression-gap:200", "--method", "ensemble", "--members",
                "3", "--epochs", "10", "--initial", "6", "--batch", "4", "--rounds", "2", "--seed", "3", "--quiet",
                "--acquisition", "variance_reduction", "--labels-out", dir.resolve("vr-labels.csv").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("variance_reduction");
        List<String> labels = Files.readAllLines(dir.resolve("vr-labels.csv"));
        assertThat(labels.subList(1, labels.size())).hasSize(14).extracting(l -> l.split(",")[0]).doesNotHaveDuplicates();
        CliRun map = CliRun.of("active-learn", "--data", "toy:regression-gap:200", "--method", "map", "--epochs", "5",
                "--initial", "6", "--batch", "4", "--rounds", "1", "--acquisition", "variance_reduction", "--quiet");
        assertThat(map.errLines()).containsExactly("bdl4j: variance_reduction needs the posterior's per-sample means,"
                + " which this predictive did not keep (a method without samples, or S·n above 16777216 values: use a"
                + " smaller pool)");
        assertThat(CliRun.of("active-learn", "--data", "toy:regression-gap:200", "--acquisition", "bald").errLines())
                .containsExactly("bdl4j: --acquisition must be variance, epistemic_variance, variance_reduction or"
                        + " random (regression), found 'bald'");
    }

    /** acquire: the rows Acquirer.next chooses with the saved model, as row,rank. */
    @Test
    void acquirePrintsTheRowsTheApiChooses() throws IOException {
        Path model = dir.resolve("ens");
        assertThat(CliRun.of("fit", "--data", "toy:two-moons:200", "--method", "ensemble", "--members", "3", "--epochs",
                "10", "--quiet", "--out", model.toString()).code()).isZero();
        CliRun run = CliRun.of("acquire", "--model", model.toString(), "--pool", "toy:two-moons:300", "--batch", "5",
                "--acquisition", "batchbald", "--seed", "4");
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("row,rank");
        try (org.bdl4j.Posterior post = org.bdl4j.method.Posteriors.load(model)) {
            org.bdl4j.data.Dataset pool = Tables.forModel("toy:two-moons:300", post.schema(),
                    org.bdl4j.data.TargetMode.IGNORED, 4);
            int[] expected = org.bdl4j.active.Acquirer.next(post, pool, 5, org.bdl4j.active.Acquisition.BATCH_BALD, 4);
            for (int k = 0; k < 5; k++) {
                assertThat(lines.get(k + 1)).isEqualTo(expected[k] + "," + (k + 1));
            }
        }
        // without --acquisition: PowerBALD for a batch, BALD for one row (Acquisition.defaultFor)
        for (int batch : new int[] {5, 1}) {
            CliRun byDefault = CliRun.of("acquire", "--model", model.toString(), "--pool", "toy:two-moons:300",
                    "--batch", Integer.toString(batch), "--seed", "4");
            assertThat(byDefault.code()).as(byDefault.err()).isZero();
            List<String> chosen = byDefault.out().lines().toList();
            try (org.bdl4j.Posterior post = org.bdl4j.method.Posteriors.load(model)) {
                org.bdl4j.data.Dataset pool = Tables.forModel("toy:two-moons:300", post.schema(),
                        org.bdl4j.data.TargetMode.IGNORED, 4);
                int[] expected = org.bdl4j.active.Acquirer.next(post, pool, batch, batch > 1
                        ? org.bdl4j.active.Acquisition.POWER_BALD : org.bdl4j.active.Acquisition.BALD, 4);
                for (int k = 0; k < batch; k++) {
                    assertThat(chosen.get(k + 1)).as("batch %d", batch).isEqualTo(expected[k] + "," + (k + 1));
                }
            }
        }
        assertThat(CliRun.of("acquire", "--model", model.toString(), "--pool", "toy:two-moons:300", "--acquisition",
                "variance").errLines()).containsExactly("bdl4j: --acquisition must be random, entropy, bald,"
                + " variation_ratio, mean_std, margin, batchbald or powerbald (classification), found 'variance'");
    }
}
