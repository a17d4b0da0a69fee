package org.bdl4j;

import static org.assertj.core.api.Assertions.assertThat;

/** Bit-for-bit equality of predictives (save/load round trips, same-seed reruns). */
public final class PredictiveAssertions {
    private PredictiveAssertions() {}

    /** Mean, aleatoric and epistemic variance identical to the last bit. */
    public static void assertIdentical(RegressionPredictive actual, RegressionPredictive expected) {
        assertThat(actual.mean()).as("mean").containsExactly(expected.mean());
        assertThat(actual.aleatoricVariance()).as("aleatoric variance").containsExactly(expected.aleatoricVariance());
        assertThat(actual.epistemicVariance()).as("epistemic variance").containsExactly(expected.epistemicVariance());
    }
}
