package org.bdl4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-worked examples; each expected value is derived in the comment above it. */
class SelectiveMetricsTest {
    private static final double EPS = 1e-15;

    @Test
    void riskCoverageWithoutTies() {
        // confidence 0.9 R, 0.8 W, 0.7 R, 0.6 R (given in shuffled order)
        // k = 1: 0 errors -> 0; k = 2: 1/2; k = 3: 1/3; k = 4: 1/4
        // AURC = (0 + 1/2 + 1/3 + 1/4) / 4 = (13/12) / 4 = 13/48 = 0.2708333333333333
        double[] confidence = {0.7, 0.9, 0.6, 0.8};
        boolean[] correct = {true, true, true, false};
        RiskCoverageCurve curve = SelectiveMetrics.riskCoverage(confidence, correct);
        assertThat(curve.coverage()).containsExactly(0.25, 0.5, 0.75, 1.0);
        assertThat(curve.risk()).containsExactly(0.0, 0.5, 1.0 / 3, 0.25);
        assertThat(SelectiveMetrics.aurc(confidence, correct)).isCloseTo(13.0 / 48, within(EPS));
    }

    @Test
    void tiedConfidencesEnterTogether() {
        // confidence 0.9 R, 0.7 W, 0.7 R, 0.6 W: the two 0.7s form one group
        // points: after 0.9 -> coverage 1/4, risk 0; after both 0.7s -> coverage 3/4, risk 1/3;
        // after 0.6 -> coverage 1, risk 2/4
        // AURC = 1/4 * 0 + 2/4 * 1/3 + 1/4 * 1/2 = 1/6 + 1/8 = 7/24 = 0.2916666666666667
        double[] confidence = {0.9, 0.7, 0.7, 0.6};
        boolean[] correct = {true, false, true, false};
        RiskCoverageCurve curve = SelectiveMetrics.riskCoverage(confidence, correct);
        assertThat(curve.coverage()).containsExactly(0.25, 0.75, 1.0);
        assertThat(curve.risk()).containsExactly(0.0, 1.0 / 3, 0.5);
        assertThat(SelectiveMetrics.aurc(confidence, correct)).isCloseTo(7.0 / 24, within(EPS));
        // the order inside the tie group does not matter
        assertThat(SelectiveMetrics.aurc(confidence, new boolean[] {true, true, false, false}))
                .isCloseTo(7.0 / 24, within(EPS));
    }

    @Test
    void extremes() {
        double[] confidence = {0.9, 0.8, 0.7, 0.6};
        // always right: every risk 0 -> AURC 0; always wrong: every risk 1 -> AURC 1
        assertThat(SelectiveMetrics.aurc(confidence, new boolean[] {true, true, true, true})).isEqualTo(0.0);
        assertThat(SelectiveMetrics.aurc(confidence, new boolean[] {false, false, false, false})).isEqualTo(1.0);
        // the two errors least confident (ideal ranking): risks 0, 0, 1/3, 2/4 -> (1/3 + 1/2) / 4 = 5/24
        assertThat(SelectiveMetrics.aurc(confidence, new boolean[] {true, true, false, false}))
                .isCloseTo(5.0 / 24, within(EPS));
        // all confidences equal: one point at coverage 1 whose risk is the error rate 1/4
        RiskCoverageCurve flat = SelectiveMetrics.riskCoverage(new double[] {0.5, 0.5, 0.5, 0.5},
                new boolean[] {true, false, true, true});
        assertThat(flat.coverage()).containsExactly(1.0);
        assertThat(flat.risk()).containsExactly(0.25);
        assertThat(flat.area()).isEqualTo(0.25);
    }

    @Test
    void curveArraysAreCopies() {
        RiskCoverageCurve curve = new RiskCoverageCurve(new double[] {0.5, 1}, new double[] {0, 0.5});
        curve.coverage()[0] = 7;
        assertThat(curve.coverage()).containsExactly(0.5, 1.0);
        assertThat(curve).isEqualTo(new RiskCoverageCurve(new double[] {0.5, 1}, new double[] {0, 0.5}));
        // area of the step function: 0.5 * 0 + 0.5 * 0.5 = 0.25
        assertThat(curve.area()).isEqualTo(0.25);
    }

    @Test
    void rejectsMismatchedOrNaNInput() {
        assertThatThrownBy(() -> SelectiveMetrics.aurc(new double[] {0.5, 0.6}, new boolean[] {true}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("correct has 1 entries, confidence has 2");
        assertThatThrownBy(() -> SelectiveMetrics.riskCoverage(new double[] {Double.NaN}, new boolean[] {true}))
                .hasMessage("confidence[0] is NaN");
        assertThatThrownBy(() -> SelectiveMetrics.riskCoverage(new double[0], new boolean[0]))
                .hasMessage("confidence has 0 entries, expected at least 1");
        assertThatThrownBy(() -> new RiskCoverageCurve(new double[] {1}, new double[0]))
                .hasMessage("coverage has 1 entries, risk has 0, expected the same non-zero length");
    }

    /**
     * Ten samples in descending confidence, wrong at ranks 3 and 9 (by hand): the 8 most confident
     * hold one error, so accuracy at 80% coverage is 7/8; at 50% (5 kept) 4/5; at 100% 8/10. With the
     * 8th and 9th tied, 80% coverage takes both (9 kept, two errors): 7/9.
     */
    @Test
    void accuracyAtCoverageByHand() {
        double[] conf = {0.99, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55};
        boolean[] correct = {true, true, false, true, true, true, true, true, false, true};
        assertThat(SelectiveMetrics.accuracyAtCoverage(conf, correct, 0.8)).isEqualTo(7.0 / 8);
        assertThat(SelectiveMetrics.accuracyAtCoverage(conf, correct, 0.5)).isEqualTo(4.0 / 5);
        assertThat(SelectiveMetrics.accuracyAtCoverage(conf, correct, 1.0)).isEqualTo(8.0 / 10);
        double[] tied = conf.clone();
        tied[8] = tied[7];
        assertThat(SelectiveMetrics.accuracyAtCoverage(tied, correct, 0.8)).isEqualTo(7.0 / 9);
        assertThatThrownBy(() -> SelectiveMetrics.accuracyAtCoverage(conf, correct, 0))
                .hasMessageContaining("coverage must be in (0, 1], found 0.0");
    }
}
