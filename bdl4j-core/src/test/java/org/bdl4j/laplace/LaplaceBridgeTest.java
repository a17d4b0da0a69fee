package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.junit.jupiter.api.Test;

class LaplaceBridgeTest {
    private static final double EULER_GAMMA = 0.5772156649015329;

    @Test
    void digammaMatchesKnownValues() {
        // ψ(1) = -γ, ψ(1/2) = -γ - 2 ln 2, ψ(10) = H_9 - γ (Abramowitz & Stegun 6.3.2-6.3.3)
        assertThat(LaplaceBridge.digamma(1)).isCloseTo(-EULER_GAMMA, within(1e-12));
        assertThat(LaplaceBridge.digamma(0.5)).isCloseTo(-EULER_GAMMA - 2 * Math.log(2), within(1e-12));
        double h9 = 0;
        for (int k = 1; k <= 9; k++) {
            h9 += 1.0 / k;
        }
        assertThat(LaplaceBridge.digamma(10)).isCloseTo(h9 - EULER_GAMMA, within(1e-12));
    }

    @Test
    void expectedEntropyOfTheUniformDirichletIsOneHalf() {
        // Dir(1, 1): p ~ U(0, 1), E[-p ln p - (1-p) ln(1-p)] = 2 ∫ -p ln p dp = 2 · 1/4
        assertThat(LaplaceBridge.dirichletExpectedEntropy(new double[] {1, 1})).isCloseTo(0.5, within(1e-12));
        // Dir(1, 1, 1): E[H] = ψ(4) - ψ(2) = 1/2 + 1/3
        assertThat(LaplaceBridge.dirichletExpectedEntropy(new double[] {1, 1, 1})).isCloseTo(5.0 / 6, within(1e-12));
    }

    @Test
    void bridgeProbabilitiesFollowTheStatedAlphas() {
        // one row, C = 2, μ = (1, -1), Σ_f diag (0.5, 2): α_k = (1 - 1 + e^{μ_k}/4 · (e^{-1} + e^{1})) / var_k
        double[] mean = {1, -1};
        double[] cov = {0.5, 0.1, 0.1, 2};
        double s = Math.exp(-1) + Math.exp(1);
        double a0 = Math.exp(1) / 4 * s / 0.5;
        double a1 = Math.exp(-1) / 4 * s / 2;
        ClassificationPredictive p = LaplaceBridge.predictive(new LinearisedOutputs(1, 2, mean, cov, false),
                List.of("a", "b"));
        assertThat(p.probabilities()[0][0]).isCloseTo(a0 / (a0 + a1), within(1e-12));
        assertThat(p.mutualInformation()[0]).isGreaterThan(0);
    }

    /**
     * C = 3, where the bridge's (1 − 2/C) term no longer vanishes: μ = (1, 0, −1), variances (0.5, 1, 2)
     * (the off-diagonal covariances are ignored). By hand, with S = e⁻¹ + 1 + e = 4.0861613:
     * α = ((1/3 + e·S/9)/0.5, (1/3 + S/9)/1, (1/3 + e⁻¹·S/9)/2) = (3.1349640, 0.7873513, 0.2501786),
     * so p = α/4.1724939 = (0.7513406, 0.1887004, 0.0599590).
     */
    @Test
    void atThreeClassesTheOneMinusTwoOverCTermCounts() {
        double[] mean = {1, 0, -1};
        double[] cov = {0.5, 0.2, 0.1, 0.2, 1, 0.3, 0.1, 0.3, 2};
        ClassificationPredictive p = LaplaceBridge.predictive(new LinearisedOutputs(1, 3, mean, cov, false),
                List.of("a", "b", "c"));
        assertThat(p.probabilities()[0]).containsExactly(new double[] {0.7513406, 0.1887004, 0.0599590},
                within(1e-7));
        assertThat(p.expectedEntropy()[0]).isCloseTo(
                LaplaceBridge.dirichletExpectedEntropy(new double[] {3.1349640, 0.7873513, 0.2501786}), within(1e-6));
    }
}
