package org.bdl4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bdl4j.math.NormalDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks every metric against {@code reference/metrics_reference.json}, produced by the committed,
 * independent script {@code reference/metrics_reference.py} (numpy, scipy, mpmath, brute force and
 * numerical integration; see its header). Agreement is required to 1e-12 relative.
 */
class ReferenceValuesTest {
    private static final double REL = 1e-12;
    private static JsonObject reference;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ReferenceValuesTest.class.getResourceAsStream("/reference/metrics_reference.json")) {
            assertThat(in).as("reference/metrics_reference.json on the test class path").isNotNull();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                reference = JsonParser.parseReader(reader).getAsJsonObject();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> classification() {
        return cases("classification").map(c -> DynamicTest.dynamicTest(name(c), () -> {
            double[][] probs = matrix(c.getAsJsonArray("probs"));
            int[] labels = ints(c.getAsJsonArray("labels"));
            close("accuracy", ClassificationMetrics.accuracy(probs, labels), num(c, "accuracy"));
            close("nll", ClassificationMetrics.nll(probs, labels), num(c, "nll"));
            close("brier", ClassificationMetrics.brier(probs, labels), num(c, "brier"));
            close("ece15", ClassificationMetrics.ece(probs, labels), num(c, "ece15"));
            close("ece10", ClassificationMetrics.ece(probs, labels, 10), num(c, "ece10"));
            close("mce15", ClassificationMetrics.mce(probs, labels), num(c, "mce15"));
            close("mce10", ClassificationMetrics.mce(probs, labels, 10), num(c, "mce10"));
            close("adaptive_ece15", ClassificationMetrics.adaptiveEce(probs, labels, 15), num(c, "adaptive_ece15"));
            close("adaptive_ece7", ClassificationMetrics.adaptiveEce(probs, labels, 7), num(c, "adaptive_ece7"));

            List<ReliabilityBin> bins = ClassificationMetrics.reliabilityBins(probs, labels, 15);
            JsonArray expected = c.getAsJsonArray("reliability15");
            assertThat(bins).hasSize(expected.size());
            for (int b = 0; b < bins.size(); b++) {
                JsonArray e = expected.get(b).getAsJsonArray();
                ReliabilityBin bin = bins.get(b);
                assertThat(bin.lower()).as("bin %d lower", b).isEqualTo(e.get(0).getAsDouble());
                assertThat(bin.upper()).as("bin %d upper", b).isEqualTo(e.get(1).getAsDouble());
                assertThat(bin.count()).as("bin %d count", b).isEqualTo(e.get(2).getAsInt());
                closeOrNaN("bin " + b + " meanConfidence", bin.meanConfidence(), e.get(3));
                closeOrNaN("bin " + b + " accuracy", bin.accuracy(), e.get(4));
            }

            ClassificationReport report = ClassificationReport.of(probs, labels);
            assertThat(report.toMap().values()).containsExactly(
                    ClassificationMetrics.accuracy(probs, labels), ClassificationMetrics.nll(probs, labels),
                    ClassificationMetrics.brier(probs, labels), ClassificationMetrics.ece(probs, labels),
                    ClassificationMetrics.mce(probs, labels));
        }));
    }

    @TestFactory
    Stream<DynamicTest> ranking() {
        return cases("ranking").map(c -> DynamicTest.dynamicTest(name(c), () -> {
            double[] scores = doubles(c.getAsJsonArray("scores"));
            boolean[] positive = booleans(c.getAsJsonArray("positive"));
            close("auroc", RankingMetrics.auroc(scores, positive), num(c, "auroc"));
            close("aupr", RankingMetrics.aupr(scores, positive), num(c, "aupr"));
            close("fpr95", RankingMetrics.fprAt95Tpr(scores, positive), num(c, "fpr95"));
            if (name(c).endsWith("_in_out")) { // negatives first, then positives: the (in, out) overloads
                int nIn = 0;
                while (!positive[nIn]) {
                    nIn++;
                }
                double[] in = Arrays.copyOfRange(scores, 0, nIn);
                double[] out = Arrays.copyOfRange(scores, nIn, scores.length);
                close("auroc(in, out)", RankingMetrics.auroc(in, out), num(c, "auroc"));
                close("aupr(in, out)", RankingMetrics.aupr(in, out), num(c, "aupr"));
                close("fpr95(in, out)", RankingMetrics.fprAt95Tpr(in, out), num(c, "fpr95"));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> selective() {
        return cases("selective").map(c -> DynamicTest.dynamicTest(name(c), () -> {
            double[] confidence = doubles(c.getAsJsonArray("confidence"));
            boolean[] correct = booleans(c.getAsJsonArray("correct"));
            RiskCoverageCurve curve = SelectiveMetrics.riskCoverage(confidence, correct);
            double[] coverage = doubles(c.getAsJsonArray("coverage"));
            double[] risk = doubles(c.getAsJsonArray("risk"));
            assertThat(curve.size()).isEqualTo(coverage.length);
            for (int i = 0; i < coverage.length; i++) {
                close("coverage[" + i + "]", curve.coverage()[i], coverage[i]);
                close("risk[" + i + "]", curve.risk()[i], risk[i]);
            }
            close("aurc", SelectiveMetrics.aurc(confidence, correct), num(c, "aurc"));
        }));
    }

    @TestFactory
    Stream<DynamicTest> regression() {
        return cases("regression").map(c -> DynamicTest.dynamicTest(name(c), () -> {
            double[] mean = doubles(c.getAsJsonArray("mean"));
            double[] variance = doubles(c.getAsJsonArray("variance"));
            double[] std = doubles(c.getAsJsonArray("std"));
            double[] lower = doubles(c.getAsJsonArray("lower"));
            double[] upper = doubles(c.getAsJsonArray("upper"));
            double[] y = doubles(c.getAsJsonArray("y"));
            close("rmse", RegressionMetrics.rmse(mean, y), num(c, "rmse"));
            close("gaussian_nll", RegressionMetrics.gaussianNll(mean, variance, y), num(c, "gaussian_nll"));
            close("crps", RegressionMetrics.crpsGaussian(mean, std, y), num(c, "crps"));
            close("picp", RegressionMetrics.picp(lower, upper, y), num(c, "picp"));
            close("interval_width", RegressionMetrics.meanIntervalWidth(lower, upper), num(c, "interval_width"));

            RegressionReport report = RegressionReport.of(mean, variance, lower, upper, y);
            close("report.rmse", report.rmse(), num(c, "rmse"));
            close("report.nll", report.nll(), num(c, "gaussian_nll"));
            close("report.crps", report.crps(), num(c, "crps"));
            close("report.picp", report.picp(), num(c, "picp"));
            close("report.interval_width", report.intervalWidth(), num(c, "interval_width"));
        }));
    }

    @Test
    void normalDistribution() {
        JsonObject n = reference.getAsJsonObject("normal");
        double[] xs = doubles(n.getAsJsonArray("x"));
        double[] cdf = doubles(n.getAsJsonArray("cdf"));
        double[] pdf = doubles(n.getAsJsonArray("pdf"));
        for (int i = 0; i < xs.length; i++) {
            close("cdf(" + xs[i] + ")", NormalDistribution.cdf(xs[i]), cdf[i]);
            close("pdf(" + xs[i] + ")", NormalDistribution.pdf(xs[i]), pdf[i]);
        }
        double[] ps = doubles(n.getAsJsonArray("p"));
        double[] quantile = doubles(n.getAsJsonArray("quantile"));
        for (int i = 0; i < ps.length; i++) {
            close("quantile(" + ps[i] + ")", NormalDistribution.quantile(ps[i]), quantile[i]);
        }
        double[] erfXs = doubles(n.getAsJsonArray("erf_x"));
        double[] erf = doubles(n.getAsJsonArray("erf"));
        double[] erfc = doubles(n.getAsJsonArray("erfc"));
        for (int i = 0; i < erfXs.length; i++) {
            close("erf(" + erfXs[i] + ")", NormalDistribution.erf(erfXs[i]), erf[i]);
            close("erfc(" + erfXs[i] + ")", NormalDistribution.erfc(erfXs[i]), erfc[i]);
        }
    }

    private static void close(String what, double actual, double expected) {
        double tolerance = REL * Math.max(Math.abs(expected), Double.MIN_NORMAL);
        assertThat(Math.abs(actual - expected))
                .as("%s: java %s, reference %s", what, actual, expected)
                .isLessThanOrEqualTo(tolerance);
    }

    private static void closeOrNaN(String what, double actual, JsonElement expected) {
        if (expected.isJsonNull()) {
            assertThat(actual).as(what).isNaN();
        } else {
            close(what, actual, expected.getAsDouble());
        }
    }

    private static Stream<JsonObject> cases(String section) {
        JsonArray array = reference.getAsJsonArray(section);
        assertThat(array).as(section).isNotEmpty();
        return array.asList().stream().map(JsonElement::getAsJsonObject);
    }

    private static String name(JsonObject c) {
        return c.get("name").getAsString();
    }

    private static double num(JsonObject c, String key) {
        return c.get(key).getAsDouble();
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    private static boolean[] booleans(JsonArray a) {
        boolean[] out = new boolean[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsBoolean();
        }
        return out;
    }

    private static double[][] matrix(JsonArray a) {
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(a.get(i).getAsJsonArray());
        }
        return out;
    }
}
