package org.bdl4j.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Identities and textbook values; the tail accuracy is checked against mpmath in
 * {@link org.bdl4j.metrics.ReferenceValuesTest}.
 */
class NormalDistributionTest {

    @Test
    void centreValues() {
        // Phi(0) = 1/2, phi(0) = 1/sqrt(2 pi) = 0.3989422804014327, erf(0) = 0, erfc(0) = 1
        assertThat(NormalDistribution.cdf(0)).isEqualTo(0.5);
        assertThat(NormalDistribution.pdf(0)).isEqualTo(0.3989422804014327);
        assertThat(NormalDistribution.erf(0)).isEqualTo(0.0);
        assertThat(NormalDistribution.erfc(0)).isEqualTo(1.0);
        assertThat(NormalDistribution.quantile(0.5)).isEqualTo(0.0);
    }

    @Test
    void textbookQuantiles() {
        // the two-sided 95% and 99% z-values of every statistics table
        assertThat(NormalDistribution.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-15));
        assertThat(NormalDistribution.quantile(0.995)).isCloseTo(2.5758293035489004, within(1e-15));
        assertThat(NormalDistribution.quantile(0.025)).isCloseTo(-1.959963984540054, within(1e-15));
    }

    @Test
    void symmetries() {
        for (double x : new double[] {0.1, 0.5, 0.66, 1, 2.7, 4.2, 7}) {
            assertThat(NormalDistribution.cdf(x) + NormalDistribution.cdf(-x)).as("Phi(x) + Phi(-x), x=%s", x)
                    .isCloseTo(1.0, within(2e-16));
            assertThat(NormalDistribution.pdf(-x)).isEqualTo(NormalDistribution.pdf(x));
            assertThat(NormalDistribution.erf(-x)).isEqualTo(-NormalDistribution.erf(x));
            assertThat(NormalDistribution.erfc(-x)).isCloseTo(2 - NormalDistribution.erfc(x), within(4e-16));
            assertThat(NormalDistribution.erf(x) + NormalDistribution.erfc(x)).isCloseTo(1.0, within(2e-16));
        }
    }

    @Test
    void quantileInvertsCdfIntoTheFarLowerTail() {
        // Only where Phi(x) carries full relative precision (x <= 1): above, Phi(x) = 1 - tiny is
        // rounded to 1.1e-16 absolute, which moves the exact inverse by 1.1e-16 / phi(x) (3e-11 at
        // x = 4.8); the upper tail is covered by quantile(1 - p) = -quantile(p) in the reference test.
        for (double x = -37; x <= 1; x += 0.37) {
            double p = NormalDistribution.cdf(x);
            assertThat(NormalDistribution.quantile(p)).as("quantile(cdf(%s))", x)
                    .isCloseTo(x, within(1e-13 * Math.max(1, Math.abs(x))));
        }
    }

    @Test
    void infinitiesAndNaN() {
        assertThat(NormalDistribution.quantile(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NormalDistribution.quantile(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(NormalDistribution.cdf(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(NormalDistribution.cdf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(NormalDistribution.pdf(Double.POSITIVE_INFINITY)).isEqualTo(0.0);
        assertThat(NormalDistribution.erfc(Double.POSITIVE_INFINITY)).isEqualTo(0.0);
        assertThat(NormalDistribution.erf(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(NormalDistribution.cdf(Double.NaN)).isNaN();
        assertThat(NormalDistribution.erf(Double.NaN)).isNaN();
    }

    @Test
    void quantileRejectsProbabilitiesOutsideTheUnitInterval() {
        assertThatThrownBy(() -> NormalDistribution.quantile(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p must be in [0, 1], found 1.5");
        assertThatThrownBy(() -> NormalDistribution.quantile(-0.1)).hasMessage("p must be in [0, 1], found -0.1");
        assertThatThrownBy(() -> NormalDistribution.quantile(Double.NaN)).hasMessage("p must be in [0, 1], found NaN");
    }
}
