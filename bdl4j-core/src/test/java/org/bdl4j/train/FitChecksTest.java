package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The "clearly worse than the MAP" rule: above MAP + 0.2 + 0.5·|MAP| nats a row, by hand. */
class FitChecksTest {
    @Test
    void onlyAClearlyWorseFitIsWarnedAbout() {
        // MAP 0.1: the limit is 0.1 + 0.2 + 0.05 = 0.35
        assertThat(FitChecks.worseThanMap("x", 0.34, 0.1, "do y")).isEmpty();
        assertThat(FitChecks.worseThanMap("SWAG's mean", 0.36, 0.1, "lower --swag-lr")).containsExactly(
                "SWAG's mean fits the training data clearly worse than the MAP (mean NLL 0.3600 against 0.1000): lower"
                        + " --swag-lr");
        // regression NLLs are negative: MAP -1.0, limit -1.0 + 0.2 + 0.5 = -0.3
        assertThat(FitChecks.worseThanMap("x", -0.31, -1.0, "")).isEmpty();
        assertThat(FitChecks.worseThanMap("x", -0.29, -1.0, "")).hasSize(1);
        assertThat(FitChecks.worseThanMap("x", Double.NaN, 0.1, "")).as("a NaN fit is worse").hasSize(1);
        assertThat(FitChecks.worseThanMap("x", 5, Double.NaN, "")).as("no MAP to compare with").isEmpty();
    }
}
