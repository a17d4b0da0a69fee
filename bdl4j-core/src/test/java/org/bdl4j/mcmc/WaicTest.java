package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** WAIC (Gelman, Hwang &amp; Vehtari 2014, eq. 11-13, the sample variance with S − 1) against a hand computation. */
class WaicTest {
    /**
     * Two samples, two rows. Row 1: log-likelihoods −1 and −3, so lppd = log((e⁻¹ + e⁻³)/2) =
     * log(0.2088333) = −1.5662192 and the penalty is their sample variance 2: elpd = −3.5662192. Row 2:
     * −0.5 twice, lppd = −0.5, penalty 0. The estimated NLL per row is (3.5662192 + 0.5)/2 = 2.0331096.
     */
    @Test
    void theEstimatedNllPerRowIsMinusTheMeanOfFitLessPenalty() {
        double[][] nll = {{1, 0.5}, {3, 0.5}};
        assertThat(Waic.nllPerRow(nll)).isCloseTo(2.0331096, within(1e-7));
    }

    @Test
    void oneSampleHasNoVariance() {
        assertThatThrownBy(() -> Waic.nllPerRow(new double[][] {{1, 2}}))
                .hasMessage("WAIC needs at least 2 samples, found 1");
    }
}
