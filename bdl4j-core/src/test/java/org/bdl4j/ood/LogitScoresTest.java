package org.bdl4j.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The logit scores by hand, and the energy without overflow at large logits. */
class LogitScoresTest {
    /**
     * Rows (2, 0, −1) and (0, 0, 0). By hand: −max = −2 and 0; energy −log(e² + 1 + e⁻¹) = −2.1698460
     * and −log 3 = −1.0986123.
     */
    @Test
    void byHand() {
        double[] logits = {2, 0, -1, 0, 0, 0};
        assertThat(LogitScores.negativeMaxLogit(logits, 3)).containsExactly(-2.0, -0.0);
        assertThat(LogitScores.energy(logits, 3)).containsExactly(new double[] {-Math.log(Math.exp(2) + 1 + Math.exp(-1)),
            -Math.log(3)}, within(1e-12));
        assertThat(LogitScores.energy(logits, 3)[0]).isCloseTo(-2.1698460, within(1e-6));
    }

    /** exp(1000) overflows a double; −(1000 + log 2) is the exact energy of (1000, 1000). */
    @Test
    void energyOfLargeLogitsIsFinite() {
        assertThat(LogitScores.energy(new double[] {1000, 1000}, 2)).containsExactly(new double[] {-1000 - Math.log(2)},
                within(1e-9));
    }
}
