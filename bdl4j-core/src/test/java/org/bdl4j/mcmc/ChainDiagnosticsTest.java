package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChainDiagnosticsTest {
    /** AR(1) chains x_t = φ x_{t-1} + e_t (stationary start) of 4 x 2,000 draws. */
    private static double[][] ar1(double phi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[4][2000];
        for (double[] c : x) {
            double v = r.nextGaussian() / Math.sqrt(1 - phi * phi);
            for (int t = 0; t < c.length; t++) {
                v = phi * v + r.nextGaussian();
                c[t] = v;
            }
        }
        return x;
    }

    /**
     * Independent draws: ESS ≈ 8,000 and R̂ ≈ 1. AR(1) with φ = 0.9: the exact integrated
     * autocorrelation time is (1 + φ)/(1 - φ) = 19, so ESS ≈ 8000/19 = 421; the estimator's own
     * spread at this length is about 10%, 25% allowed.
     */
    @Test
    void essAndRhatOfKnownChains() {
        double[][] iid = ar1(0.0, 1);
        assertThat(ChainDiagnostics.effectiveSampleSize(iid)).isCloseTo(8000, within(1200.0));
        assertThat(ChainDiagnostics.splitRhat(iid)).isCloseTo(1.0, within(0.01));
        double[][] slow = ar1(0.9, 2);
        assertThat(ChainDiagnostics.effectiveSampleSize(slow)).isCloseTo(8000 / 19.0, within(0.25 * 8000 / 19.0));
        assertThat(ChainDiagnostics.splitRhat(slow)).isLessThan(1.05);
    }

    /** Chains around different means: R̂ far above 1. */
    @Test
    void rhatFlagsChainsThatDisagree() {
        double[][] x = ar1(0.0, 3);
        for (int t = 0; t < x[0].length; t++) {
            x[0][t] += 3;
        }
        assertThat(ChainDiagnostics.splitRhat(x)).isGreaterThan(1.5);
    }

    /**
     * Two identical chains whose halves differ, so only the split catches them (unsplit, their means
     * agree and R̂ would be below 1). By hand: the halves [0, 2], [10, 12], [0, 2], [10, 12] have means
     * 1, 11, 1, 11 and within variances 2 each (W = 2); the variance of the four means is 100/3, so
     * R̂ = √(((m − 1)/m · W + B/m)/W) with m = 2 is √((1 + 100/3)/2) = √(103/6).
     */
    @Test
    void splitRhatCutsEachChainInHalves() {
        double[][] x = {{0, 2, 10, 12}, {0, 2, 10, 12}};
        assertThat(ChainDiagnostics.splitRhat(x)).isCloseTo(Math.sqrt(103.0 / 6), within(1e-12));
        double[][] one = {{0, 2, 10, 12}};
        // one chain: halves means 1 and 11, B/m = 50, R̂ = √((1 + 50)/2)
        assertThat(ChainDiagnostics.splitRhat(one)).isCloseTo(Math.sqrt(25.5), within(1e-12));
    }
}
