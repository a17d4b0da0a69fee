package org.bdl4j.conformal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.bdl4j.RegressionPredictive;
import org.junit.jupiter.api.Test;

class SplitConformalRegressorTest {
    // means 0, standard deviations 1, 2, 1, 2, ...; targets with residuals 1..10
    private static final double[] MU = new double[10];
    private static final double[] VAR = {1, 4, 1, 4, 1, 4, 1, 4, 1, 4};
    private static final double[] Y = {1, -2, 3, -4, 5, -6, 7, -8, 9, -10};
    private static final RegressionPredictive CAL = new RegressionPredictive(MU, VAR, new double[10]);
    private static final RegressionPredictive TEST = new RegressionPredictive(new double[] {1, 2},
            new double[] {1, 4}, new double[] {0, 0});

    @Test
    void absoluteAndNormalizedIntervalsByHand() {
        // alpha = 0.2, n = 10: k = ceil(11 * 0.8) = 9
        SplitConformalRegressor abs = SplitConformalRegressor.calibrate(RegressionScore.absolute(), 0.2, CAL, Y);
        assertThat(abs.threshold()).isEqualTo(9); // |residuals| 1..10, 9th smallest
        RegressionPredictive.Interval a = abs.predict(TEST);
        assertThat(a.lower()).containsExactly(-8, -7);
        assertThat(a.upper()).containsExactly(10, 11);
        assertThat(a.level()).isCloseTo(0.8, within(1e-15));
        // normalised residuals: 1, 1, 3, 2, 5, 3, 7, 4, 9, 5 -> sorted 1,1,2,3,3,4,5,5,7,9 -> 9th = 7
        SplitConformalRegressor norm = SplitConformalRegressor.calibrate(RegressionScore.normalized(), 0.2, CAL, Y);
        assertThat(norm.threshold()).isEqualTo(7);
        RegressionPredictive.Interval b = norm.predict(TEST);
        assertThat(b.lower()).containsExactly(1 - 7, 2 - 14);
        assertThat(b.upper()).containsExactly(1 + 7, 2 + 14);
    }

    @Test
    void cqrUsesThePredictiveQuantiles() {
        double alpha = 0.2;
        SplitConformalRegressor cqr = SplitConformalRegressor.calibrate(RegressionScore.cqr(), alpha, CAL, Y);
        double z = 1.2815515655446004; // scipy.stats.norm.ppf(0.9)
        // scores max(-z sd - y, y - z sd): for y = 1, sd 1: 1 - z; for y = -2, sd 2: 2 - 2z; ...
        double[] s = new double[10];
        for (int i = 0; i < 10; i++) {
            double sd = Math.sqrt(VAR[i]);
            s[i] = Math.abs(Y[i]) - z * sd;
        }
        java.util.Arrays.sort(s);
        assertThat(cqr.threshold()).isCloseTo(s[8], within(1e-12));
        RegressionPredictive.Interval i = cqr.predict(TEST);
        assertThat(i.lower()[1]).isCloseTo(2 - 2 * z - s[8], within(1e-12));
        assertThat(i.upper()[1]).isCloseTo(2 + 2 * z + s[8], within(1e-12));
    }

    @Test
    void tooFewCalibrationPointsGiveInfiniteIntervals() {
        // n = 10 < 1/0.05 - 1 = 19
        for (RegressionScore score : List.of(RegressionScore.absolute(), RegressionScore.normalized(),
                RegressionScore.cqr())) {
            SplitConformalRegressor r = SplitConformalRegressor.calibrate(score, 0.05, CAL, Y);
            assertThat(r.threshold()).isEqualTo(Double.POSITIVE_INFINITY);
            RegressionPredictive.Interval i = r.predict(TEST);
            assertThat(i.lower()).containsOnly(Double.NEGATIVE_INFINITY);
            assertThat(i.upper()).containsOnly(Double.POSITIVE_INFINITY);
            assertThat(ConformalMetrics.coverage(i, new double[] {1e300, -1e300})).isEqualTo(1.0);
            assertThat(ConformalMetrics.meanWidth(i)).isEqualTo(Double.POSITIVE_INFINITY);
        }
    }

    @Test
    void badInputIsReportedInOneLine() {
        assertThatThrownBy(() -> SplitConformalRegressor.calibrate(RegressionScore.absolute(), 0.0, CAL, Y))
                .hasMessage("alpha must be in (0, 1), found 0.0");
        RegressionPredictive point = new RegressionPredictive(new double[] {0, 0}, new double[] {1, 0},
                new double[] {0, 0});
        assertThatThrownBy(() -> SplitConformalRegressor.calibrate(RegressionScore.normalized(), 0.1, point,
                new double[] {1, 2})).hasMessage(
                        "std[1] = 0.0: the normalized score needs a finite predictive standard deviation > 0");
        assertThatThrownBy(() -> SplitConformalRegressor.calibrate(RegressionScore.absolute(), 0.1, CAL,
                new double[] {1, 2})).hasMessage("targets has 2 entries, the predictive 10 rows");
        assertThatThrownBy(() -> SplitConformalRegressor.calibrate(RegressionScore.absolute(), 0.1, point,
                new double[] {1, Double.NaN})).hasMessage("targets[1] = NaN, expected a finite value");
    }
}
