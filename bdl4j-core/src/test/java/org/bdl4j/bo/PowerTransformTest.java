package org.bdl4j.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Yeo–Johnson transform: its formula at the special λ, its order, and λ against a brute-force search. */
class PowerTransformTest {
    /** ψ is continuous in λ at 0 (z ≥ 0) and 2 (z < 0), where the formula switches to the logarithm. */
    @Test
    void theLogarithmCasesAreTheLimits() {
        assertThat(PowerTransform.psi(1.5, 1e-9)).isCloseTo(PowerTransform.psi(1.5, 0), within(1e-8));
        assertThat(PowerTransform.psi(-1.5, 2 - 1e-9)).isCloseTo(PowerTransform.psi(-1.5, 2), within(1e-8));
        assertThat(PowerTransform.psi(0.7, 1)).isCloseTo(0.7, within(1e-15)); // λ = 1 is the identity
        assertThat(PowerTransform.psi(-0.7, 1)).isCloseTo(-0.7, within(1e-15));
    }

    /**
     * Heavy-tailed values (exp of N(0, 1.5²)): λ maximises the profile likelihood, checked against a grid of
     * step 1e-4 over [−3, 3]; it is below 1 (the tail is pulled in), and the transform keeps the order.
     */
    @Test
    void lambdaIsTheMaximumLikelihoodAndTheOrderIsKept() {
        SplittableRandom r = new SplittableRandom(4);
        double[] y = new double[300];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.exp(1.5 * r.nextGaussian());
        }
        PowerTransform t = PowerTransform.fit(y);
        double best = Double.NEGATIVE_INFINITY;
        double argBest = 0;
        for (int k = 0; k <= 60_000; k++) {
            double l = -3 + k * 1e-4;
            double v = profile(y, l);
            if (v > best) {
                best = v;
                argBest = l;
            }
        }
        assertThat(t.lambda()).isCloseTo(argBest, within(2e-4)).isLessThan(1);
        double[] sorted = y.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            assertThat(t.apply(sorted[i])).isGreaterThanOrEqualTo(t.apply(sorted[i - 1]));
        }
    }

    /** Normal values need no transform: λ within 0.2 of 1 for 2,000 N(3, 2²) draws. */
    @Test
    void normalValuesKeepLambdaNearOne() {
        SplittableRandom r = new SplittableRandom(9);
        double[] y = new double[2000];
        for (int i = 0; i < y.length; i++) {
            y[i] = 3 + 2 * r.nextGaussian();
        }
        assertThat(PowerTransform.fit(y).lambda()).isCloseTo(1.0, within(0.2));
    }

    /** −(n/2) log σ̂²(λ) + (λ − 1) Σ sign(z) log(|z| + 1) of the standardised values, written out here. */
    private static double profile(double[] y, double l) {
        int n = y.length;
        double mean = java.util.Arrays.stream(y).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / n);
        double[] t = new double[n];
        double jac = 0;
        for (int i = 0; i < n; i++) {
            double z = (y[i] - mean) / sd;
            t[i] = PowerTransform.psi(z, l);
            jac += Math.signum(z) * Math.log(Math.abs(z) + 1);
        }
        double m = java.util.Arrays.stream(t).average().orElseThrow();
        double v = java.util.Arrays.stream(t).map(x -> (x - m) * (x - m)).sum() / n;
        return -0.5 * n * Math.log(v) + (l - 1) * jac;
    }
}
