package org.bdl4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-worked examples; each expected value is derived in the comment above it. */
class RegressionMetricsTest {
    private static final double EPS = 1e-15;

    @Test
    void rmse() {
        // errors 0, -2, 3: squares 0, 4, 9, mean 13/3, root sqrt(13/3) = 2.0816659994661326
        assertThat(RegressionMetrics.rmse(new double[] {1, 2, 3}, new double[] {1, 4, 0}))
                .isCloseTo(2.0816659994661326, within(EPS));
        assertThat(RegressionMetrics.rmse(new double[] {1, 2}, new double[] {1, 2})).isEqualTo(0.0);
    }

    @Test
    void gaussianNll() {
        // N(0, 1) at y = 0: ln(2 pi) / 2 = 0.9189385332046727
        // N(1, 4) at y = 3: ln(8 pi) / 2 + (3 - 1)^2 / (2 * 4) = 1.612085713764618 + 0.5 = 2.112085713764618
        // mean: (0.9189385332046727 + 2.112085713764618) / 2 = 1.5155121234846454
        assertThat(RegressionMetrics.gaussianNll(new double[] {0, 1}, new double[] {1, 4}, new double[] {0, 3}))
                .isCloseTo(1.5155121234846454, within(EPS));
    }

    @Test
    void crpsAtTheMeanIsSigmaTimesRootTwoMinusOneOverRootPi() {
        // z = 0: sigma [0 + 2 phi(0) - 1/sqrt(pi)] = sigma [2/sqrt(2 pi) - 1/sqrt(pi)]
        //   = sigma (sqrt 2 - 1) / sqrt(pi) = 0.23369497725510915 sigma; sigma 1 and 2: mean 1.5 * that
        double expected = 1.5 * 0.23369497725510915;
        assertThat(RegressionMetrics.crpsGaussian(new double[] {3, -1}, new double[] {1, 2}, new double[] {3, -1}))
                .isCloseTo(expected, within(EPS));
    }

    @Test
    void crpsAtOneStandardDeviation() {
        // z = 1, sigma = 1, with table values Phi(1) = 0.8413447460685429, phi(1) = 0.24197072451914337:
        // 1 * (2 * 0.8413447460685429 - 1) + 2 * 0.24197072451914337 - 0.5641895835477563
        //   = 0.6826894921370859 + 0.48394144903828673 - 0.5641895835477563 = 0.6024413576276163
        // and by symmetry z = -1 gives the same
        assertThat(RegressionMetrics.crpsGaussian(new double[] {0, 0}, new double[] {1, 1}, new double[] {1, -1}))
                .isCloseTo(0.6024413576276163, within(2 * EPS));
    }

    @Test
    void crpsTendsToTheAbsoluteErrorAsSigmaVanishes() {
        // sigma -> 0: CRPS -> |y - mu| (the score of a point forecast); z = 3e9, Phi(z) = 1, phi(z) = 0:
        // 1e-9 * (3e9 * 1 - 1/sqrt(pi)) = 3 - 5.6e-10
        assertThat(RegressionMetrics.crpsGaussian(new double[] {1}, new double[] {1e-9}, new double[] {4}))
                .isCloseTo(3.0, within(1e-9));
    }

    @Test
    void picpCountsBothEndsAsInside() {
        // y = 0 (lower end), 1 (upper end), 0.5 (inside), 1.5 (outside): 3 / 4
        double[] lower = {0, 0, 0, 0};
        double[] upper = {1, 1, 1, 1};
        assertThat(RegressionMetrics.picp(lower, upper, new double[] {0, 1, 0.5, 1.5})).isEqualTo(0.75);
    }

    @Test
    void meanIntervalWidth() {
        // widths 2 - 0 = 2 and 4 - 1 = 3: mean 2.5
        assertThat(RegressionMetrics.meanIntervalWidth(new double[] {0, 1}, new double[] {2, 4})).isEqualTo(2.5);
    }

    @Test
    void rejectsInvalidInput() {
        assertThatThrownBy(() -> RegressionMetrics.rmse(new double[] {1, 2}, new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mean has 2 entries, y has 3");
        assertThatThrownBy(() -> RegressionMetrics.rmse(new double[0], new double[0]))
                .hasMessage("y has 0 entries, expected at least 1");
        assertThatThrownBy(() -> RegressionMetrics.rmse(new double[] {1, Double.NaN}, new double[] {1, 2}))
                .hasMessage("mean[1] = NaN, expected a finite value");
        assertThatThrownBy(() -> RegressionMetrics.gaussianNll(new double[] {1, 2}, new double[] {1, 0}, new double[] {1, 2}))
                .hasMessage("variance[1] = 0.0, expected a finite value > 0");
        assertThatThrownBy(() -> RegressionMetrics.crpsGaussian(new double[] {1}, new double[] {-1}, new double[] {1}))
                .hasMessage("std[0] = -1.0, expected a finite value > 0");
        assertThatThrownBy(() -> RegressionMetrics.picp(new double[] {0, 2}, new double[] {1, 1}, new double[] {0, 0}))
                .hasMessage("lower[1] = 2.0 exceeds upper[1] = 1.0");
        assertThatThrownBy(() -> RegressionMetrics.meanIntervalWidth(new double[] {0}, new double[] {1, 2}))
                .hasMessage("lower has 1 entries, upper has 2");
        assertThatThrownBy(() -> RegressionMetrics.picp(new double[] {0}, new double[] {1}, new double[] {Double.POSITIVE_INFINITY}))
                .hasMessage("y[0] = Infinity, expected a finite value");
    }
}
