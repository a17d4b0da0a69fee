package org.bdl4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bdl4j.train.FitChecks;
import org.junit.jupiter.api.Test;

/**
 * The paired test mean(d) &gt; 2 SE(d), d = b − a, on differences worked by hand:
 * d = (0.3, 0.1, 0.2, 0.2) has mean 0.2, sd √(0.02/3) = 0.0816, SE 0.0408, so 2 SE = 0.0816 &lt; 0.2;
 * d = (0.5, −0.3, 0.4, −0.2) has mean 0.1, sd √(0.5/3) = 0.408, SE 0.204, so 2 SE = 0.408 &gt; 0.1.
 */
class PairedComparisonTest {
    private static final double[] A = {1.0, 2.0, 0.5, 3.0};

    private static double[] plus(double[] a, double... d) {
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = a[i] + d[i];
        }
        return b;
    }

    @Test
    void aSteadyDifferenceIsClearAndANoisyOneIsNot() {
        assertThat(PairedComparison.clearlyLower(A, plus(A, 0.3, 0.1, 0.2, 0.2))).isTrue();
        assertThat(PairedComparison.clearlyLower(A, plus(A, 0.5, -0.3, 0.4, -0.2))).isFalse();
        assertThat(PairedComparison.clearlyLower(plus(A, 0.3, 0.1, 0.2, 0.2), A)).as("the other way round").isFalse();
    }

    @Test
    void oneRowDecidesNothingAndRowsMustPair() {
        assertThat(PairedComparison.clearlyLower(new double[] {0}, new double[] {5})).isFalse();
        assertThatThrownBy(() -> PairedComparison.clearlyLower(new double[2], new double[3]))
                .hasMessage("paired losses need the same rows, found 2 and 3");
    }

    @Test
    void theValidationWarningNamesBothMeans() {
        double[] worse = plus(A, 0.3, 0.1, 0.2, 0.2);
        assertThat(FitChecks.worseOnValidation("HMC's samples", worse, A, "try X")).containsExactly("HMC's samples"
                + " predict the validation rows clearly worse than the MAP (mean NLL 1.825 against 1.625): try X");
        assertThat(FitChecks.worseOnValidation("HMC's samples", plus(A, 0.5, -0.3, 0.4, -0.2), A, "try X")).isEmpty();
        // paired-clear but negligible: 0.004 nats a row on a MAP of 0.01, below 0.01 + 0.1 * 0.01
        double[] tiny = {0.01, 0.01, 0.01, 0.01};
        assertThat(PairedComparison.clearlyLower(tiny, plus(tiny, 0.004, 0.004, 0.004, 0.004))).isTrue();
        assertThat(FitChecks.worseOnValidation("x", plus(tiny, 0.004, 0.004, 0.004, 0.004), tiny, "")).isEmpty();
    }
}
