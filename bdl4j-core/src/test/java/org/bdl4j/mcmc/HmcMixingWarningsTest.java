package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HMC's mixing warnings: split R-hat above 1.1, or an effective sample size below 50 (Vehtari et al. 2021). */
class HmcMixingWarningsTest {
    @Test
    void unmixedChainsAreAWarning() {
        assertThat(Hmc.mixingWarnings(1.05, 400)).isEmpty();
        assertThat(Hmc.mixingWarnings(1.3, 400)).singleElement().asString()
                .startsWith("HMC's chains have not mixed: the split R-hat of the predictions is 1.30 > 1.1");
        assertThat(Hmc.mixingWarnings(1.0, 12)).singleElement().asString()
                .startsWith("HMC's effective sample size of the predictions is 12.0 < 50");
    }
}
