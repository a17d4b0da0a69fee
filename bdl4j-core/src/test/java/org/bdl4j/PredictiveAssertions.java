package org.bdl4j;

import static org.assertj.core.api.Assertions.assertThat;

/** Bit-for-bit equality of predictives (save/load round trips, same-seed reruns). */
public final class PredictiveAssertions {
    private PredictiveAssertions() {}

    /** Probabilities and expected entropies identical to the last bit. */
    public static void assertIdentical(ClassificationPredictive actual, ClassificationPredictive expected) {
        assertThat(actual.size()).as("rows").isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.probabilities()[i]).as("probabilities of row %d", i)
                    .containsExactly(expected.probabilities()[i]);
        }
        assertThat(actual.expectedEntropy()).as("expected entropy").containsExactly(expected.expectedEntropy());
    }

    /** Mean, aleatoric and epistemic variance identical to the last bit. */
    public static void assertIdentical(RegressionPredictive actual, RegressionPredictive expected) {
        assertThat(actual.mean()).as("mean").containsExactly(expected.mean());
        assertThat(actual.aleatoricVariance()).as("aleatoric variance").containsExactly(expected.aleatoricVariance());
        assertThat(actual.epistemicVariance()).as("epistemic variance").containsExactly(expected.epistemicVariance());
    }
}
