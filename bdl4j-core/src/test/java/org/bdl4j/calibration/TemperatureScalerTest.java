package org.bdl4j.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.util.SplittableRandom;
import org.bdl4j.PosthocReference;
import org.bdl4j.TestTables;
import org.bdl4j.metrics.ClassificationMetrics;
import org.junit.jupiter.api.Test;

class TemperatureScalerTest {

    /** Logits of a calibrated model (labels drawn from their softmax), then multiplied by {@code factor}. */
    record Data(double[][] logits, int[] labels) {}

    static Data overConfident(int n, int c, double factor, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] z = new double[n][c];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                z[i][k] = 1.3 * TestTables.gaussian(r) + 0.1 * k;
            }
            double[] p = Logits.softmax(z[i]);
            double u = r.nextDouble();
            int k = 0;
            for (double acc = p[0]; acc < u && k < c - 1; acc += p[++k]) {
                // inverse-CDF draw of the label
            }
            y[i] = k;
            for (int j = 0; j < c; j++) {
                z[i][j] *= factor;
            }
        }
        return new Data(z, y);
    }

    /** NLL(T) = mean_i [logsumexp(z_i / T) - z_{i,y_i} / T], written out here, independently of the library. */
    static double nllAt(Data d, double t) {
        double sum = 0;
        for (int i = 0; i < d.logits.length; i++) {
            double[] z = d.logits[i];
            double m = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                m = Math.max(m, v / t);
            }
            double s = 0;
            for (double v : z) {
                s += Math.exp(v / t - m);
            }
            sum += m + Math.log(s) - z[d.labels[i]] / t;
        }
        return sum / d.logits.length;
    }

    /** An independent 1-D minimisation: a dense grid on log T, then golden-section search in the best cell. */
    static double gridThenGoldenSection(Data d) {
        int points = 1001;
        double lo = Math.log(0.2);
        double hi = Math.log(20);
        double step = (hi - lo) / (points - 1);
        int best = 0;
        double bestNll = Double.POSITIVE_INFINITY;
        for (int j = 0; j < points; j++) {
            double v = nllAt(d, Math.exp(lo + j * step));
            if (v < bestNll) {
                bestNll = v;
                best = j;
            }
        }
        assertThat(best).as("grid minimum strictly inside the grid").isBetween(1, points - 2);
        double a = lo + (best - 1) * step;
        double b = lo + (best + 1) * step;
        double g = (Math.sqrt(5) - 1) / 2;
        double c = b - g * (b - a);
        double e = a + g * (b - a);
        double fc = nllAt(d, Math.exp(c));
        double fe = nllAt(d, Math.exp(e));
        while (b - a > 1e-11) {
            if (fc < fe) {
                b = e;
                e = c;
                fe = fc;
                c = b - g * (b - a);
                fc = nllAt(d, Math.exp(c));
            } else {
                a = c;
                c = e;
                fc = fe;
                e = a + g * (b - a);
                fe = nllAt(d, Math.exp(e));
            }
        }
        return Math.exp((a + b) / 2);
    }

    @Test
    void overConfidentLogitsAreSoftenedAndCalibrationImprovesOnHeldOutData() {
        Data cal = overConfident(2000, 10, 3.0, 11);
        Data test = overConfident(5000, 10, 3.0, 12);
        TemperatureScaler ts = TemperatureScaler.fit(cal.logits, cal.labels);
        // the logits were made 3x too confident: the fitted T must undo most of that
        assertThat(ts.temperature()).isBetween(2.6, 3.4);

        double[][] before = Logits.softmax(test.logits);
        double[][] after = ts.probabilities(test.logits);
        double eceBefore = ClassificationMetrics.ece(before, test.labels);
        double eceAfter = ClassificationMetrics.ece(after, test.labels);
        double nllBefore = ClassificationMetrics.nll(before, test.labels);
        double nllAfter = ClassificationMetrics.nll(after, test.labels);
        assertThat(eceBefore).isGreaterThan(0.1);
        assertThat(eceAfter).isLessThan(0.03).isLessThan(eceBefore / 4);
        assertThat(nllAfter).isLessThan(nllBefore - 0.3);
        // the accuracy is untouched: T > 0 keeps every arg-max
        assertThat(ClassificationMetrics.accuracy(after, test.labels))
                .isEqualTo(ClassificationMetrics.accuracy(before, test.labels));
    }

    @Test
    void fittedTemperatureMatchesAnIndependentGridAndGoldenSectionMinimisation() {
        Data cal = overConfident(2000, 10, 3.0, 21);
        double expected = gridThenGoldenSection(cal);
        TemperatureScaler ts = TemperatureScaler.fit(cal.logits, cal.labels);
        assertThat(ts.temperature()).isCloseTo(expected, within(1e-4));
        // and it is the minimum: the NLL rises on both sides
        assertThat(nllAt(cal, ts.temperature() * 1.001)).isGreaterThan(nllAt(cal, ts.temperature()));
        assertThat(nllAt(cal, ts.temperature() / 1.001)).isGreaterThan(nllAt(cal, ts.temperature()));
        assertThat(ts.nll(cal.logits, cal.labels)).isCloseTo(nllAt(cal, ts.temperature()), within(1e-12));
    }

    @Test
    void fittedTemperatureMatchesTheScipyReference() {
        JsonObject ref = PosthocReference.section("temperature");
        double[][] logits = PosthocReference.matrix(ref.getAsJsonArray("logits"));
        int[] labels = PosthocReference.ints(ref.getAsJsonArray("labels"));
        TemperatureScaler ts = TemperatureScaler.fit(logits, labels);
        assertThat(ts.temperature()).isCloseTo(ref.get("temperature").getAsDouble(), within(1e-9));
        assertThat(ts.nll(logits, labels)).isCloseTo(ref.get("nll_after").getAsDouble(), within(1e-12));
        assertThat(new TemperatureScaler(1).nll(logits, labels))
                .isCloseTo(ref.get("nll_before").getAsDouble(), within(1e-12));
    }

    @Test
    void fittingOnLogProbabilitiesEqualsFittingOnLogits() {
        Data cal = overConfident(500, 4, 2.0, 31);
        double direct = TemperatureScaler.fit(cal.logits, cal.labels).temperature();
        double viaProbabilities = TemperatureScaler
                .fit(Logits.fromProbabilities(Logits.softmax(cal.logits)), cal.labels).temperature();
        assertThat(viaProbabilities).isCloseTo(direct, within(1e-10));
    }

    @Test
    void anOptimumBeyondTheSearchIntervalGivesItsBoundOrKeepsTheModelForSeparableRows() {
        // every label has the top logit by a wide margin: the NLL falls all the way to T -> 0, which the
        // rows cannot justify; T = 1 is kept, with a warning
        double[][] z = {{5, 0, 0}, {0, 5, 0}, {0, 0, 5}};
        TemperatureScaler separable = TemperatureScaler.fit(z, new int[] {0, 1, 2});
        assertThat(separable.temperature()).isEqualTo(1.0);
        assertThat(separable.warnings()).singleElement().asString().startsWith("temperature scaling kept T = 1");
        // one row the model gets wrong makes T identifiable again, and sharper than the bound
        double[][] z4 = {{5, 0, 0}, {0, 5, 0}, {0, 0, 5}, {5, 0, 0}};
        TemperatureScaler fitted = TemperatureScaler.fit(z4, new int[] {0, 1, 2, 1});
        assertThat(fitted.warnings()).isEmpty();
        assertThat(fitted.temperature()).isGreaterThan(TemperatureScaler.MIN_TEMPERATURE);
        // every label has the lowest logit: the NLL falls all the way to T -> infinity
        assertThat(TemperatureScaler.fit(z, new int[] {1, 2, 0}).temperature())
                .isCloseTo(TemperatureScaler.MAX_TEMPERATURE, within(1e-6));
    }

    @Test
    void badInputIsReportedInOneLineNamingTheValue() {
        double[][] z = {{1, 2}, {3, 4}};
        assertThatThrownBy(() -> TemperatureScaler.fit(z, new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("label 2 at row 1 is not a class: classes are 0..1");
        assertThatThrownBy(() -> TemperatureScaler.fit(new double[][] {{1, Double.NaN}}, new int[] {0}))
                .hasMessage("logits[0][1] = NaN, expected a finite value");
        assertThatThrownBy(() -> TemperatureScaler.fit(z, new int[] {0}))
                .hasMessage("labels has 1 entries, the logits have 2 rows");
        assertThatThrownBy(() -> new TemperatureScaler(-1))
                .hasMessage("temperature must be finite and > 0, found -1.0");
    }
}
