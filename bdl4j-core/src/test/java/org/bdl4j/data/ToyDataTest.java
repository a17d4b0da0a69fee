package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToyDataTest {
    @ParameterizedTest
    @ValueSource(strings = {"two-moons", "spirals", "regression-gap", "heteroscedastic"})
    void sameSeedSameDataOtherSeedOtherData(String name) {
        Dataset a = ToyData.named(name, 300, 17);
        Dataset b = ToyData.named(name, 300, 17);
        Dataset c = ToyData.named(name, 300, 18);
        assertThat(a.rows()).isEqualTo(300);
        assertThat(b.features()).isEqualTo(a.features());
        assertThat(Arrays.equals(c.features(), a.features())).isFalse();
        if (a.task() == Task.CLASSIFICATION) {
            assertThat(b.labels()).isEqualTo(a.labels());
        } else {
            assertThat(b.targets()).isEqualTo(a.targets());
            assertThat(Arrays.equals(c.targets(), a.targets())).isFalse();
        }
        assertThat(a.targetName()).isEqualTo("y");
    }

    @Test
    void unknownNameListsKnownNames() {
        assertThatThrownBy(() -> ToyData.named("moons", 10, 1)).isInstanceOf(DataException.class)
                .hasMessage("unknown toy data set 'moons' (known: two-moons, spirals, regression-gap, heteroscedastic)");
    }

    @Test
    void twoMoonsWithoutNoiseLieOnTheirHalfCircles() {
        Dataset d = ToyData.twoMoons(101, 0.0, 3);
        assertThat(d.featureNames()).containsExactly("x0", "x1");
        assertThat(d.classNames()).containsExactly("0", "1");
        int ones = 0;
        for (int i = 0; i < d.rows(); i++) {
            float x = d.features()[2 * i];
            float y = d.features()[2 * i + 1];
            if (d.labels()[i] == 0) {
                assertThat(Math.hypot(x, y)).isCloseTo(1.0, within(1e-6));
                assertThat(y).isGreaterThanOrEqualTo(0f);
            } else {
                ones++;
                assertThat(Math.hypot(x - 1, y - 0.5)).isCloseTo(1.0, within(1e-6));
                assertThat(y).isLessThanOrEqualTo(0.5f);
            }
        }
        assertThat(ones).isEqualTo(51); // n - n/2, as make_moons
        // rows are shuffled: the labels are not sorted
        assertThat(Arrays.stream(d.labels()).limit(50).sum()).isBetween(10, 40);
    }

    @Test
    void spiralsWithoutNoiseFollowTheirArms() {
        int arms = 3;
        Dataset d = ToyData.spirals(300, arms, 0.0, 5);
        assertThat(d.numClasses()).isEqualTo(3);
        for (int i = 0; i < d.rows(); i++) {
            int k = d.labels()[i];
            assertThat(k).isEqualTo(i % arms);
            double x = d.features()[2 * i];
            double y = d.features()[2 * i + 1];
            double t = Math.hypot(x, y);
            double angle = 2 * Math.PI * k / arms + 3 * Math.PI * t;
            assertThat(x).isCloseTo(t * Math.cos(angle), within(1e-5));
            assertThat(y).isCloseTo(t * Math.sin(angle), within(1e-5));
        }
    }

    @Test
    void regressionGapHasNoInputInTheGap() {
        Dataset d = ToyData.regressionGap(2_000, 9);
        ToyData.Interval gap = ToyData.regressionGapInterval();
        assertThat(gap).isEqualTo(new ToyData.Interval(-0.5, 0.5));
        assertThat(ToyData.regressionGapMidpoint()).isEqualTo(0.0);
        int left = 0;
        double sq = 0;
        for (int i = 0; i < d.rows(); i++) {
            float x = d.features()[i];
            assertThat(gap.containsStrictly(x)).isFalse();
            assertThat(x).isBetween(-1.5f, 1.5f);
            left += x < 0 ? 1 : 0;
            double r = d.targets()[i] - ToyData.regressionGapMean(x);
            sq += r * r;
        }
        assertThat(left).isEqualTo(1_000);
        // residual std 0.1; its relative standard error with 2000 draws is 1/sqrt(4000) = 1.6 %
        assertThat(Math.sqrt(sq / d.rows())).isCloseTo(ToyData.REGRESSION_GAP_NOISE_STD, within(0.008));
    }

    @Test
    void heteroscedasticNoiseGrowsAndMatchesTheTruth() {
        int n = 50_000;
        int bins = 5;
        Dataset d = ToyData.heteroscedastic(n, 2024);
        double[] residualSq = new double[bins];
        double[] trueVar = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < n; i++) {
            double x = d.features()[i];
            assertThat(x).isGreaterThanOrEqualTo(0.0).isLessThan(5.0);
            int b = (int) (x / 5.0 * bins);
            double r = d.targets()[i] - ToyData.heteroscedasticMean(x);
            residualSq[b] += r * r;
            double s = ToyData.heteroscedasticNoiseStd(x);
            trueVar[b] += s * s;
            count[b]++;
        }
        double previous = 0;
        for (int b = 0; b < bins; b++) {
            double empirical = Math.sqrt(residualSq[b] / count[b]);
            double truth = Math.sqrt(trueVar[b] / count[b]);
            // ~10,000 Gaussian residuals per bin: the RMS has relative standard error about
            // 1/sqrt(2 * 10,000) = 0.7 %; 4 % is more than 5 standard errors, while the bins' true stds
            // differ by 30 % or more, so both checks are sharp and the fixed seed makes them exact.
            assertThat(empirical / truth).isCloseTo(1.0, within(0.04));
            assertThat(empirical).isGreaterThan(previous * 1.2);
            previous = empirical;
        }
        assertThat(ToyData.heteroscedasticNoiseStd(0)).isEqualTo(0.1);
        assertThat(ToyData.heteroscedasticNoiseStd(5)).isCloseTo(1.1, within(1e-12));
    }

    @Test
    void gridIsEvenlySpacedWithExactEnds() {
        Dataset g = ToyData.grid(-2, 2, 5);
        assertThat(g.features()).containsExactly(-2f, -1f, 0f, 1f, 2f);
        assertThat(g.featureNames()).containsExactly("x0");
        assertThat(g.hasTargets()).isFalse();
        Dataset h = ToyData.grid(-0.3, 1.7, 7);
        assertThat(h.features()[6]).isEqualTo(1.7f);
        assertThatThrownBy(() -> ToyData.grid(0, 1, 1)).hasMessage("grid needs at least 2 points, found 1");
        assertThatThrownBy(() -> ToyData.grid(1, 1, 3)).hasMessage("grid needs finite lo < hi, found 1.0, 1.0");
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> ToyData.twoMoons(0, 0.1, 1)).hasMessage("row count must be >= 1, found 0");
        assertThatThrownBy(() -> ToyData.twoMoons(10, -1, 1)).hasMessage("noise must be a finite number >= 0, found -1.0");
        assertThatThrownBy(() -> ToyData.spirals(10, 1, 0.1, 1)).hasMessage("arms must be >= 2, found 1");
        assertThatThrownBy(() -> ToyData.regressionGap(1, 1)).hasMessage("row count must be >= 2, found 1");
    }
}
