package org.bdl4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-worked examples; each expected value is derived in the comment above it. */
class ClassificationMetricsTest {
    private static final double EPS = 1e-15;

    // rows 0 and 3 tie between classes 0 and 1: the arg-max is the lowest index, 0
    private static final double[][] TIED = {{0.5, 0.5}, {0.3, 0.7}, {0.6, 0.4}, {0.5, 0.5}};
    private static final int[] TIED_LABELS = {0, 1, 1, 1};

    @Test
    void predictionsAndConfidenceBreakTiesTowardsTheLowestIndex() {
        assertThat(ClassificationMetrics.predictions(TIED)).containsExactly(0, 1, 0, 0);
        assertThat(ClassificationMetrics.confidence(TIED)).containsExactly(0.5, 0.7, 0.6, 0.5);
        // predictions 0,1,0,0 against labels 0,1,1,1: right, right, wrong, wrong
        assertThat(ClassificationMetrics.correct(TIED, TIED_LABELS)).containsExactly(true, true, false, false);
    }

    @Test
    void accuracyCountsArgmaxHits() {
        // 2 of the 4 predictions above are right: 2 / 4 = 0.5
        assertThat(ClassificationMetrics.accuracy(TIED, TIED_LABELS)).isEqualTo(0.5);
        // certain and right everywhere: 1; certain and wrong everywhere: 0
        assertThat(ClassificationMetrics.accuracy(new double[][] {{1, 0}, {0, 1}}, new int[] {0, 1})).isEqualTo(1.0);
        assertThat(ClassificationMetrics.accuracy(new double[][] {{1, 0}, {0, 1}}, new int[] {1, 0})).isEqualTo(0.0);
    }

    @Test
    void nllIsTheMeanNegativeLogProbabilityOfTheLabel() {
        // p_y = 0.75 and 0.5: (-ln 0.75 - ln 0.5) / 2 = (0.28768207245178090 + 0.69314718055994531) / 2
        //   = 0.49041462650586310
        double[][] probs = {{0.25, 0.75}, {0.5, 0.5}};
        assertThat(ClassificationMetrics.nll(probs, new int[] {1, 0})).isCloseTo(0.4904146265058631, within(EPS));
        // p_y = 1 everywhere: -ln 1 = 0
        assertThat(ClassificationMetrics.nll(new double[][] {{0, 1}, {1, 0}}, new int[] {1, 0})).isEqualTo(0.0);
    }

    @Test
    void nllFloorsTheProbabilityAtOneInATrillion() {
        // p_y = 0 is floored to 1e-12: -ln 1e-12 = 12 ln 10 = 12 * 2.302585092994046 = 27.63102111592855
        assertThat(ClassificationMetrics.nll(new double[][] {{1, 0}}, new int[] {1}))
                .isCloseTo(27.63102111592855, within(1e-13));
    }

    @Test
    void brierRunsFromZeroToTwo() {
        // certain and right: sum_k (p_k - onehot_k)^2 = 0
        assertThat(ClassificationMetrics.brier(new double[][] {{0, 1, 0}}, new int[] {1})).isEqualTo(0.0);
        // certain and wrong: (1 - 0)^2 + (0 - 1)^2 = 2
        assertThat(ClassificationMetrics.brier(new double[][] {{1, 0, 0}}, new int[] {1})).isEqualTo(2.0);
        // {0.7, 0.2, 0.1} with label 0: 0.3^2 + 0.2^2 + 0.1^2 = 0.09 + 0.04 + 0.01 = 0.14
        // uniform over 4 classes, label 2: 3 (1/4)^2 + (3/4)^2 = 3/16 + 9/16 = 0.75
        // mean over the two samples: (0.14 + 0.75) / 2 = 0.445 (rows padded with a zero class do not change it)
        double[][] probs = {{0.7, 0.2, 0.1, 0}, {0.25, 0.25, 0.25, 0.25}};
        assertThat(ClassificationMetrics.brier(probs, new int[] {0, 2})).isCloseTo(0.445, within(EPS));
    }

    @Test
    void aSingleClassIsPerfectlyPredicted() {
        // C = 1: every row is {1}, every label 0: accuracy 1, NLL -ln 1 = 0, Brier (1 - 1)^2 = 0,
        // one bin with confidence 1 and accuracy 1: ECE = MCE = 0
        double[][] probs = {{1}, {1}, {1}};
        int[] labels = {0, 0, 0};
        assertThat(ClassificationReport.of(probs, labels))
                .isEqualTo(new ClassificationReport(1.0, 0.0, 0.0, 0.0, 0.0));
    }

    @Test
    void eceIsZeroForPerfectlyCalibratedBins() {
        // ten samples at confidence 0.8 of which 8 are right, five at confidence 0.6 of which 3 are
        // right: each bin's accuracy equals its confidence, so every gap and the ECE are 0
        double[][] probs = new double[15][];
        int[] labels = new int[15];
        for (int i = 0; i < 10; i++) {
            probs[i] = new double[] {0.8, 0.2};
            labels[i] = i < 8 ? 0 : 1;
        }
        for (int i = 10; i < 15; i++) {
            probs[i] = new double[] {0.4, 0.6};
            labels[i] = i < 13 ? 1 : 0;
        }
        assertThat(ClassificationMetrics.ece(probs, labels)).isCloseTo(0.0, within(EPS));
        assertThat(ClassificationMetrics.mce(probs, labels)).isCloseTo(0.0, within(EPS));
    }

    @Test
    void eceAndMceWeightTheBinGaps() {
        // 15 bins of width 1/15. Confidence 0.9 lies in bin 13 = (13/15, 14/15] = (0.867, 0.933],
        // 0.55 in bin 8 = (8/15, 9/15] = (0.533, 0.6].
        // bin 13: samples 0 (right) and 1 (wrong): conf 0.9, acc 0.5, gap 0.4, weight 2/4
        // bin 8: samples 2 and 3 (both right):      conf 0.55, acc 1, gap 0.45, weight 2/4
        // ECE = 0.5 * 0.4 + 0.5 * 0.45 = 0.425; MCE = max(0.4, 0.45) = 0.45
        double[][] probs = {{0.9, 0.1}, {0.9, 0.1}, {0.45, 0.55}, {0.45, 0.55}};
        int[] labels = {0, 1, 1, 1};
        assertThat(ClassificationMetrics.ece(probs, labels)).isCloseTo(0.425, within(EPS));
        assertThat(ClassificationMetrics.mce(probs, labels)).isCloseTo(0.45, within(EPS));
        // with one bin: |mean acc - mean conf| = |3/4 - (0.9 + 0.9 + 0.55 + 0.55)/4| = |0.75 - 0.725| = 0.025
        assertThat(ClassificationMetrics.ece(probs, labels, 1)).isCloseTo(0.025, within(EPS));
    }

    @Test
    void reliabilityBinsAreUpperInclusiveAndKeepEmptyBins() {
        // confidence 0.6 = 9/15 is the upper edge of bin 8 = (8/15, 9/15]; 1.0 is the upper edge of
        // bin 14; 1/3 = 5/15 the upper edge of bin 4
        double third = 1.0 / 3;
        double[][] probs = {{0.4, 0.6, 0}, {1, 0, 0}, {third, third, third}};
        int[] labels = {1, 2, 0};
        List<ReliabilityBin> bins = ClassificationMetrics.reliabilityBins(probs, labels, 15);
        assertThat(bins).hasSize(15);
        for (int b = 0; b < 15; b++) {
            ReliabilityBin bin = bins.get(b);
            assertThat(bin.lower()).isEqualTo(b / 15.0);
            assertThat(bin.upper()).isEqualTo((b + 1) / 15.0);
            if (b == 4 || b == 8 || b == 14) {
                assertThat(bin.count()).as("bin %d", b).isEqualTo(1);
            } else {
                assertThat(bin.count()).as("bin %d", b).isZero();
                assertThat(bin.meanConfidence()).isNaN();
                assertThat(bin.accuracy()).isNaN();
            }
        }
        // sample 0: predicts 1 = label (right); sample 1: predicts 0, label 2 (wrong); sample 2: tie -> 0 = label
        assertThat(bins.get(8)).isEqualTo(new ReliabilityBin(8 / 15.0, 9 / 15.0, 1, 0.6, 1.0));
        assertThat(bins.get(14)).isEqualTo(new ReliabilityBin(14 / 15.0, 1.0, 1, 1.0, 0.0));
        assertThat(bins.get(4)).isEqualTo(new ReliabilityBin(4 / 15.0, 5 / 15.0, 1, third, 1.0));
        // MCE ignores the empty (NaN) bins: gaps |1 - 0.6| = 0.4, |0 - 1| = 1, |1 - 1/3| = 2/3 -> 1
        assertThat(ClassificationMetrics.mce(probs, labels)).isEqualTo(1.0);
    }

    @Test
    void binIndexPutsConfidenceZeroInTheFirstBinAndEdgesBelow() {
        assertThat(ClassificationMetrics.binIndex(0.0, 15)).isZero();
        assertThat(ClassificationMetrics.binIndex(1.0 / 15, 15)).isZero();
        assertThat(ClassificationMetrics.binIndex(Math.nextUp(1.0 / 15), 15)).isEqualTo(1);
        assertThat(ClassificationMetrics.binIndex(0.5, 2)).isZero();
        assertThat(ClassificationMetrics.binIndex(Math.nextUp(0.5), 2)).isEqualTo(1);
        assertThat(ClassificationMetrics.binIndex(1.0, 15)).isEqualTo(14);
        // every edge b/15 lands in bin b - 1, whatever the rounding of c * 15
        for (int b = 1; b <= 15; b++) {
            assertThat(ClassificationMetrics.binIndex(b / 15.0, 15)).as("edge %d/15", b).isEqualTo(b - 1);
        }
    }

    @Test
    void adaptiveEceUsesEqualMassBins() {
        // confidences 0.9, 0.6, 0.7, 0.6, 0.95, 0.8 with correctness R, W, R, R, R, W.
        // sorted ascending (stable): 0.6 (#1 W), 0.6 (#3 R), 0.7 (#2 R), 0.8 (#5 W), 0.9 (#0 R), 0.95 (#4 R)
        // 3 bins of 2: {#1, #3}: conf 0.6,   acc 0.5, gap 0.1
        //              {#2, #5}: conf 0.75,  acc 0.5, gap 0.25
        //              {#0, #4}: conf 0.925, acc 1,   gap 0.075
        // ACE = (0.1 + 0.25 + 0.075) / 3 = 0.425 / 3 = 0.14166666666666666
        double[][] probs = {{0.9, 0.1}, {0.6, 0.4}, {0.7, 0.3}, {0.6, 0.4}, {0.95, 0.05}, {0.8, 0.2}};
        int[] labels = {0, 1, 0, 0, 0, 1};
        assertThat(ClassificationMetrics.adaptiveEce(probs, labels, 3)).isCloseTo(0.14166666666666666, within(EPS));
    }

    @Test
    void adaptiveEceSplitsTiesByInputOrder() {
        // four samples at confidence 0.7, correctness R, W, W, W; 3 bins of sizes 2, 1, 1 (the first
        // n mod B = 1 bin gets the extra sample), filled in input order because the sort is stable:
        // {#0, #1}: acc 0.5, gap 0.2, weight 1/2; {#2}: acc 0, gap 0.7, weight 1/4; {#3}: the same
        // ACE = 0.1 + 0.175 + 0.175 = 0.45 (the reverse order would give 0.35 + 0.175 + 0.075 = 0.6)
        double[][] probs = {{0.7, 0.3}, {0.7, 0.3}, {0.7, 0.3}, {0.7, 0.3}};
        assertThat(ClassificationMetrics.adaptiveEce(probs, new int[] {0, 1, 1, 1}, 3)).isCloseTo(0.45, within(EPS));
    }

    @Test
    void adaptiveEceWithMoreBinsThanSamplesUsesOneSamplePerBin() {
        // 2 samples, 5 bins: sizes 1, 1, 0, 0, 0. Gaps |1 - 0.8| = 0.2 (right) and |0 - 0.6| = 0.6
        // (wrong), weights 1/2: ACE = 0.4
        double[][] probs = {{0.8, 0.2}, {0.6, 0.4}};
        assertThat(ClassificationMetrics.adaptiveEce(probs, new int[] {0, 1}, 5)).isCloseTo(0.4, within(EPS));
    }

    @Test
    void oneBinMakesAdaptiveAndEqualWidthEceAgree() {
        // with a single bin both are |mean accuracy - mean confidence|
        assertThat(ClassificationMetrics.adaptiveEce(TIED, TIED_LABELS, 1))
                .isEqualTo(ClassificationMetrics.ece(TIED, TIED_LABELS, 1));
    }

    @Test
    void rejectsMismatchedAndInvalidInputWithOneLineMessages() {
        double[][] probs = {{0.5, 0.5}, {0.2, 0.8}};
        assertThatThrownBy(() -> ClassificationMetrics.accuracy(probs, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels has 1 entries, probs has 2 rows");
        assertThatThrownBy(() -> ClassificationMetrics.nll(probs, new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels[1] = 2 is outside [0, 2) for probs with 2 columns");
        assertThatThrownBy(() -> ClassificationMetrics.nll(probs, new int[] {-1, 0}))
                .hasMessageStartingWith("labels[0] = -1 is outside");
        assertThatThrownBy(() -> ClassificationMetrics.brier(new double[][] {{0.5, Double.NaN}}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("probs[0][1] = NaN, expected a probability in [0, 1]");
        assertThatThrownBy(() -> ClassificationMetrics.brier(new double[][] {{0.5, 0.5}, {Double.POSITIVE_INFINITY, 0}},
                new int[] {0, 0}))
                .hasMessage("probs[1][0] = Infinity, expected a probability in [0, 1]");
        assertThatThrownBy(() -> ClassificationMetrics.brier(new double[][] {{0.5, 0.5}, {0.5, 0.2}}, new int[] {0, 0}))
                .hasMessage("probs row 1 sums to 0.7, expected 1 (within 0.001)");
        assertThatThrownBy(() -> ClassificationMetrics.ece(new double[][] {{0.5, 0.5}, {1}}, new int[] {0, 0}))
                .hasMessage("probs row 1 has 1 columns, row 0 has 2");
        assertThatThrownBy(() -> ClassificationMetrics.ece(new double[0][], new int[0]))
                .hasMessage("probs has 0 rows, expected at least 1");
        assertThatThrownBy(() -> ClassificationMetrics.ece(probs, new int[] {0, 1}, 0))
                .hasMessage("bins must be >= 1, found 0");
        assertThatThrownBy(() -> ClassificationMetrics.adaptiveEce(probs, new int[] {0, 1}, -3))
                .hasMessage("bins must be >= 1, found -3");
        assertThatThrownBy(() -> ClassificationMetrics.confidence(new double[][] {{}}))
                .hasMessage("probs row 0 has 0 columns, expected at least 1");
    }
}
