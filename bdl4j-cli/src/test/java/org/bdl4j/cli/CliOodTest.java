package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bdl4j.Posterior;
import org.bdl4j.data.DataSource;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.method.Posteriors;
import org.bdl4j.ood.OodEvaluation;
import org.bdl4j.ood.OodScore;
import org.bdl4j.ood.OodScorer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bdl4j ood} and {@code predict --reject} on a MAP network of the two-moons toy set and a ring of
 * rows far from it: the command's numbers equal the Java API's, the far rows behave as ReLU networks must,
 * the rejection rule refuses about the promised share of in-distribution rows, and bad input gets one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliOodTest {
    @TempDir
    static Path dir;

    private Path model;
    private Path far;

    @BeforeAll
    void fit() throws IOException {
        model = dir.resolve("map");
        CliRun fit = CliRun.of("fit", "--data", "toy:two-moons", "--method", "map", "--seed", "3", "--quiet", "--out",
                model.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        far = dir.resolve("far.csv");
        StringBuilder csv = new StringBuilder("x0,x1\n");
        for (int i = 0; i < 200; i++) {
            double a = 2 * Math.PI * i / 200;
            csv.append(String.format(Locale.ROOT, "%.5f,%.5f%n", 0.5 + 8 * Math.cos(a), 0.25 + 8 * Math.sin(a)));
        }
        Files.writeString(far, csv);
    }

    /** Every cell of the JSON equals the evaluation computed through the Java API with the same seed. */
    @Test
    void jsonEqualsTheJavaApi() {
        CliRun run = CliRun.of("ood", "--model", model.toString(), "--in", "toy:two-moons", "--ood", far.toString(),
                "--train", "toy:two-moons", "--seed", "3", "--bootstrap", "100", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonObject results = JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonObject("results")
                .getAsJsonObject(far.toString());
        try (Posterior post = Posteriors.load(model)) {
            Dataset train = DataSource.parse("toy:two-moons").loadForModel(DataSource.Role.TRAIN, 3,
                    post.schema().table(), TargetMode.REQUIRED);
            Dataset in = DataSource.parse("toy:two-moons").loadForModel(DataSource.Role.TEST, 3, post.schema().table(),
                    TargetMode.OPTIONAL);
            Dataset out = DataSource.parse(far.toString()).loadForModel(DataSource.Role.TEST, 3, post.schema().table(),
                    TargetMode.IGNORED);
            OodScorer scorer = OodScorer.withTrainingRows(post, train);
            List<OodScore> all = OodScore.forTask(post.schema().task());
            OodScorer.Scored a = scorer.score(in, all);
            OodScorer.Scored b = scorer.score(out, all);
            assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(a.scores().keySet().stream()
                    .map(OodScore::cliName).toList());
            for (OodScore s : a.scores().keySet()) {
                OodEvaluation e = OodEvaluation.of(a.scores().get(s), b.scores().get(s), 100, 0.95, 3);
                JsonObject cell = results.getAsJsonObject(s.cliName());
                assertThat(cell.get("auroc").getAsDouble()).as(s.cliName()).isEqualTo(e.auroc().value());
                assertThat(cell.get("fpr95").getAsDouble()).as(s.cliName()).isEqualTo(e.fpr95().value());
                assertThat(cell.get("aupr_in").getAsDouble()).as(s.cliName()).isEqualTo(e.auprIn().value());
                assertThat(cell.getAsJsonArray("auroc_ci").get(0).getAsDouble()).isEqualTo(e.auroc().lower());
            }
        }
    }

    /**
     * Far from the data a ReLU network's logits grow linearly, so its softmax is nearly one-hot there
     * (Hein et al., CVPR 2019): the softmax scores rank the far rows as the most familiar (AUROC below
     * 0.5), while the feature-space score separates them completely.
     */
    @Test
    void farRowsFoolTheSoftmaxButNotTheFeatureSpace() {
        CliRun run = CliRun.of("ood", "--model", model.toString(), "--in", "toy:two-moons", "--ood", far.toString(),
                "--train", "toy:two-moons", "--seed", "3", "--bootstrap", "0", "--json");
        JsonObject r = JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonObject("results")
                .getAsJsonObject(far.toString());
        assertThat(r.getAsJsonObject("msp").get("auroc").getAsDouble()).isLessThan(0.5);
        assertThat(r.getAsJsonObject("mahalanobis").get("auroc").getAsDouble()).isEqualTo(1.0);
        JsonObject unavailable = JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonObject("unavailable");
        assertThat(unavailable.get("variation_ratio")).isNull(); // a point estimate has variation ratio 0
        CliRun text = CliRun.of("ood", "--model", model.toString(), "--in", "toy:two-moons", "--ood", far.toString(),
                "--bootstrap", "0");
        assertThat(text.out()).contains("selective prediction on the in-distribution rows")
                .contains("not computed: mahalanobis needs the training rows");
    }

    /**
     * The rule fitted on 300 fresh in-distribution rows: every reject flag is "score above the saved
     * threshold", the score is the entropy column, and on 400 other in-distribution rows the refused share
     * is about 5%: at most 0.05 + 3 standard deviations (0.016: binomial at 400 rows and the spread of the
     * threshold's coverage at 300) = 0.10.
     */
    @Test
    void predictRejectAppliesTheSavedRule() throws IOException {
        Path m = dir.resolve("rejecting");
        copyModel(model, m);
        CliRun fitRule = CliRun.of("ood", "--model", m.toString(), "--fit-reject", "toy:two-moons:300", "--seed", "11");
        assertThat(fitRule.code()).as(fitRule.err()).isZero();
        assertThat(fitRule.out()).startsWith("rejection rule: refuse rows whose entropy exceeds");
        JsonObject saved = JsonParser.parseString(Files.readString(m.resolve("rejection").resolve("manifest.json")))
                .getAsJsonObject();
        double threshold = saved.getAsJsonObject("rule").get("threshold").getAsDouble();
        CliRun predict = CliRun.of("predict", "--model", m.toString(), "--data", "toy:two-moons", "--reject");
        assertThat(predict.code()).as(predict.err()).isZero();
        List<String> lines = predict.out().lines().toList();
        assertThat(lines.get(0)).endsWith(",entropy,aleatoric,epistemic,ood_score,reject");
        int refused = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            double score = Double.parseDouble(c[c.length - 2]);
            assertThat(c[c.length - 2]).isEqualTo(c[c.length - 5]); // the entropy column
            assertThat(c[c.length - 1]).isEqualTo(score > threshold * (1 + 1e-5) ? "1" : score < threshold * (1 - 1e-5)
                    ? "0" : c[c.length - 1]); // six printed digits: rows at the threshold are not checked
            refused += Integer.parseInt(c[c.length - 1]);
        }
        assertThat(refused / 400.0).isLessThanOrEqualTo(0.10);
        CliRun again = CliRun.of("ood", "--model", m.toString(), "--fit-reject", "toy:two-moons:300");
        assertThat(again.errLines()).containsExactly("bdl4j: " + m.resolve("rejection") + " exists; --force"
                + " replaces it");
        // the rule belongs to its model: copied next to another model it is refused
        Path other = dir.resolve("other");
        CliRun fit = CliRun.of("fit", "--data", "toy:two-moons", "--method", "map", "--seed", "4", "--quiet", "--out",
                other.toString());
        assertThat(fit.code()).isZero();
        copyModel(m.resolve("rejection"), other.resolve("rejection"));
        CliRun stale = CliRun.of("predict", "--model", other.toString(), "--data", "toy:two-moons", "--reject");
        assertThat(stale.errLines()).containsExactly("bdl4j: " + other.resolve("rejection") + " was fitted for"
                + " another model (its manifest changed): fit it again with 'bdl4j ood --fit-reject'");
    }

    /**
     * A Mahalanobis rule is saved with its feature statistics: loaded by predict --reject, it refuses
     * every far row (AUROC 1 above) and, as promised, about 5% of in-distribution rows (at most 0.10, as
     * above).
     */
    @Test
    void aMahalanobisRuleCarriesItsStatistics() throws IOException {
        Path m = dir.resolve("mahalanobis");
        copyModel(model, m);
        CliRun fitRule = CliRun.of("ood", "--model", m.toString(), "--fit-reject", "toy:two-moons:300", "--score",
                "mahalanobis", "--train", "toy:two-moons", "--seed", "3");
        assertThat(fitRule.code()).as(fitRule.err()).isZero();
        assertThat(Files.list(m.resolve("rejection")).map(p -> p.getFileName().toString()).sorted().toList())
                .containsExactly("mahalanobis-0-lower.f32", "mahalanobis-0-means.f32", "manifest.json");
        CliRun farRows = CliRun.of("predict", "--model", m.toString(), "--data", far.toString(), "--reject");
        assertThat(farRows.code()).as(farRows.err()).isZero();
        assertThat(farRows.out().lines().skip(1).filter(l -> l.endsWith(",0")).count()).isZero();
        CliRun inRows = CliRun.of("predict", "--model", m.toString(), "--data", "toy:two-moons", "--reject");
        long refused = inRows.out().lines().skip(1).filter(l -> l.endsWith(",1")).count();
        assertThat(refused / 400.0).isLessThanOrEqualTo(0.10);
    }

    @Test
    void badInputGetsOneLine() throws IOException {
        String mdl = model.toString();
        assertThat(CliRun.of("ood", "--model", mdl).errLines()).containsExactly("bdl4j: nothing to do: give --in SRC"
                + " with --ood SRC to evaluate, or --fit-reject SRC");
        assertThat(CliRun.of("ood", "--model", mdl, "--in", "toy:two-moons").errLines()).containsExactly(
                "bdl4j: --in needs at least one --ood SRC to compare with");
        assertThat(CliRun.of("ood", "--model", mdl, "--in", "toy:two-moons", "--ood", far.toString(), "--score",
                "entropie").errLines()).containsExactly("bdl4j: --score must be all, msp, entropy, mi,"
                + " expected_entropy, variation_ratio, max_logit, energy, mahalanobis, variance or epistemic_variance,"
                + " found 'entropie'");
        assertThat(CliRun.of("ood", "--model", mdl, "--in", "toy:two-moons", "--ood", far.toString(), "--score",
                "variance").errLines()).containsExactly("bdl4j: --score: variance is a score of regression models;"
                + " this model is a classification");
        assertThat(CliRun.of("ood", "--model", mdl, "--in", "toy:two-moons", "--ood", far.toString(), "--score",
                "mahalanobis").errLines()).containsExactly("bdl4j: --score: mahalanobis needs the training rows to fit"
                + " its class means and covariance (--train SRC)");
        assertThat(CliRun.of("ood", "--model", mdl, "--in", "toy:two-moons", "--ood", far.toString(), "--bootstrap",
                "-1").errLines()).containsExactly("bdl4j: --bootstrap must be >= 0, found -1");
        assertThat(CliRun.of("ood", "--model", mdl, "--fit-reject", "toy:two-moons:10").errLines()).containsExactly(
                "bdl4j: --fit-reject toy:two-moons:10: a rejection rule at acceptance rate 0.95 needs at least 19"
                + " in-distribution rows, found 10");
        assertThat(CliRun.of("ood", "--model", mdl, "--in", "toy:two-moons", "--ood", "fashion-mnist-flip:/nowhere")
                .errLines()).hasSize(1);
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "x0,x1\n");
        assertThat(CliRun.of("ood", "--model", mdl, "--in", "toy:two-moons", "--ood", empty.toString()).errLines())
                .containsExactly("bdl4j: " + empty + ": no data rows after the header");
        assertThat(CliRun.of("predict", "--model", mdl, "--data", "toy:two-moons", "--reject").errLines())
                .containsExactly("bdl4j: " + model + " has no rejection rule (rejection): fit one with 'bdl4j ood"
                        + " --model " + model + " --fit-reject SRC'");
    }

    private static void copyModel(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
