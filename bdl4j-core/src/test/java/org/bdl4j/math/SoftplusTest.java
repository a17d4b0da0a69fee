package org.bdl4j.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Softplus and its inverse against closed forms (softplus(0) = log 2, the identity
 * softplus(s) - softplus(-s) = s, the first-order tail e^s for s → -∞) and the naive formula
 * log(1 + e^s) where it is accurate; the inverse by the round trip.
 */
class SoftplusTest {

    @Test
    void closedFormValues() {
        // log(1 + e^0) = log 2; log(1 + e^1) = log(1 + e) = 1.3132616875182228 (1 + e = 3.718281828459045)
        assertThat(Softplus.of(0)).isEqualTo(Math.log(2));
        assertThat(Softplus.of(1)).isCloseTo(1.3132616875182228, within(1e-15));
        assertThat(Softplus.inverse(Math.log(2))).isCloseTo(0, within(1e-15));
    }

    @Test
    void matchesTheNaiveFormulaAndTheReflectionIdentity() {
        // for |s| <= 5 the naive log(1 + e^s) has no overflow and loses at most a few ulps;
        // softplus(s) - softplus(-s) = log((1 + e^s) / (1 + e^-s)) = s
        for (double s = -5; s <= 5; s += 0.125) {
            assertThat(Softplus.of(s)).isCloseTo(Math.log(1 + Math.exp(s)), within(1e-15 * (1 + Math.abs(s))));
            assertThat(Softplus.of(s) - Softplus.of(-s)).isCloseTo(s, within(1e-14));
        }
    }

    @Test
    void tailsNeitherOverflowNorLoseRelativeAccuracy() {
        // s → -∞: log(1 + e^s) = e^s - e^(2s)/2 + ..., so softplus(-50) = e^-50 to relative 1e-21
        assertThat(Softplus.of(-50)).isCloseTo(Math.exp(-50), within(1e-15 * Math.exp(-50)));
        // s above the threshold 20 is returned as is: the true value exceeds it by log1p(e^-s) < 2.1e-9
        assertThat(Softplus.of(25)).isEqualTo(25.0);
        assertThat(Softplus.of(1000)).isEqualTo(1000.0);
        assertThat(Softplus.of(20)).isCloseTo(20 + Math.log1p(Math.exp(-20)), within(1e-14));
    }

    @Test
    void inverseUndoesSoftplus() {
        // softplus(softplus⁻¹(σ)) = σ; above 20, softplus⁻¹(σ) = σ + log(1 - e^-σ) ≈ σ - e^-σ, which
        // the thresholded softplus returns as is (an error of e^-σ < 2.1e-9)
        for (double sigma : new double[] {1e-8, 0.01, 0.5, 1, 5, 19.5, 20.5, 30, 800}) {
            double rho = Softplus.inverse(sigma);
            assertThat(Double.isFinite(rho)).isTrue();
            double thresholdError = sigma > 20 ? Math.exp(-sigma) : 0;
            assertThat(Softplus.of(rho)).isCloseTo(sigma, within(1e-12 * sigma + thresholdError));
        }
        // below the threshold the round trip is exact to rounding: softplus⁻¹(σ) = log(e^σ - 1) exactly
        // for σ = log 3 (e^σ - 1 = 2)
        assertThat(Softplus.inverse(Math.log(3))).isCloseTo(Math.log(2), within(1e-15));
    }
}
