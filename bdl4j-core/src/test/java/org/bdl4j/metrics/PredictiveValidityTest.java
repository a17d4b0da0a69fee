package org.bdl4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.RegressionPredictive;
import org.junit.jupiter.api.Test;

class PredictiveValidityTest {
    private static final List<String> AB = List.of("a", "b");

    @Test
    void distributionsAndNonNegativeVariancesAreValid() {
        assertThat(PredictiveValidity.violation(ClassificationPredictive.ofPoint(new double[][] {{0.25, 0.75}, {1, 0}},
                AB))).isEmpty();
        assertThat(PredictiveValidity.violation(new RegressionPredictive(new double[] {1, -2}, new double[] {0, 1},
                new double[] {0.5, 0}))).isEmpty();
    }

    /**
     * Rows off by more than round-off: a predictive divides a row off by less than 1e-6 by its sum, so
     * such rows come out valid.
     */
    @Test
    void aRowOffByMoreThanTheToleranceIsCountedAndTheFirstNamed() {
        double off = 1e-5;
        ClassificationPredictive p = ClassificationPredictive.ofPoint(new double[][] {{0.5, 0.5}, {0.5, 0.5 + off},
            {0.5, 0.5 + 1e-8}, {0.5, 0.5 - off}}, AB);
        assertThat(PredictiveValidity.violation(p)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("2 of 4 rows invalid, first: row 1 sums to 1.00001").endsWith("(|sum - 1| > 1.0E-9)"));
    }

    @Test
    void nanAndOutOfRangeProbabilitiesAreNamed() {
        ClassificationPredictive p = ClassificationPredictive.ofPoint(new double[][] {{Double.NaN, 1}, {1.5, -0.5}},
                AB);
        assertThat(PredictiveValidity.violation(p)).hasValue("2 of 2 rows invalid, first: p[0][0] = NaN is not in [0, 1]");
    }

    @Test
    void infiniteVariancesAndNonFiniteMeansAreNamed() {
        RegressionPredictive r = new RegressionPredictive(new double[] {0, Double.NaN, 0}, new double[] {1, 1, 1},
                new double[] {Double.POSITIVE_INFINITY, 0, 0});
        assertThat(PredictiveValidity.violation(r))
                .hasValue("2 of 3 rows invalid, first: epistemic variance[0] = Infinity is not finite and >= 0");
    }
}
