package org.bdl4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The least-squares power law of SCALE's summaries, on exact and on defective data. */
class PowerLawFitTest {
    @Test
    void anExactPowerLawGivesItsExponentAndPrefactor() {
        double[] x = {10, 20, 50, 100, 1000};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 3 * x[i] * x[i];
        }
        PowerLawFit f = PowerLawFit.of(x, y);
        assertThat(f.exponent()).isCloseTo(2, within(1e-12));
        assertThat(f.prefactor()).isCloseTo(3, within(1e-9));
        assertThat(f.rSquared()).isCloseTo(1, within(1e-12));
        assertThat(f.points()).isEqualTo(5);
    }

    @Test
    void pointsWithoutAPositiveFiniteCostAreLeftOut() {
        double[] x = {1, 2, 4, 8, 16};
        double[] y = {Double.NaN, 0, 4, 8, 16};
        PowerLawFit f = PowerLawFit.of(x, y);
        assertThat(f.points()).isEqualTo(3);
        assertThat(f.exponent()).isCloseTo(1, within(1e-12));

        PowerLawFit one = PowerLawFit.of(new double[] {1, 2}, new double[] {-1, 5});
        assertThat(one.points()).isEqualTo(1);
        assertThat(one.exponent()).isNaN();
    }

    @Test
    void theLargestPairIsTheLocalSlopeAtTheTopOfTheRange() {
        // a fixed cost of 100 plus a cubic: the overall slope is far below 3, the top pair's near it
        double[] x = {100, 10, 1000, 1};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 100 + Math.pow(x[i], 3);
        }
        assertThat(PowerLawFit.of(x, y).exponent()).isLessThan(2.5);
        double top = Math.log(y[2] / y[0]) / Math.log(10);
        assertThat(PowerLawFit.ofLargest(x, y, 2).exponent()).isCloseTo(top, within(1e-12));
        assertThat(top).isCloseTo(3, within(1e-3));
    }

    @Test
    void theStraightLineGivesInterceptAndSlope() {
        double[] line = PowerLawFit.line(new double[] {10, 100, 1000}, new double[] {7, 25, 205});
        assertThat(line[0]).isCloseTo(5, within(1e-12));
        assertThat(line[1]).isCloseTo(0.2, within(1e-12));
        assertThat(PowerLawFit.line(new double[] {3, 3}, new double[] {1, 2})).containsOnly(Double.NaN);
    }
}
