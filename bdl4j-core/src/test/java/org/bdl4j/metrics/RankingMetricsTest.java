package org.bdl4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-worked examples; each expected value is derived in the comment above it. */
class RankingMetricsTest {
    private static final double EPS = 1e-15;

    @Test
    void perfectSeparation() {
        // every OOD score is above every in-distribution score: all 4 pairs won -> AUROC 1;
        // the positives take ranks 1 and 2 with precision 1 -> AP 1; 100% recall at threshold 0.8
        // with no false positive -> FPR 0
        double[] in = {0.1, 0.2};
        double[] out = {0.8, 0.9};
        assertThat(RankingMetrics.auroc(in, out)).isEqualTo(1.0);
        assertThat(RankingMetrics.aupr(in, out)).isEqualTo(1.0);
        assertThat(RankingMetrics.fprAt95Tpr(in, out)).isEqualTo(0.0);
    }

    @Test
    void reversedSeparation() {
        // every pair lost -> AUROC 0; positives at ranks 3 and 4: AP = (1/3 + 2/4) / 2 = 5/12;
        // 95% recall needs both positives, i.e. every sample flagged -> FPR 2/2 = 1
        double[] in = {0.8, 0.9};
        double[] out = {0.1, 0.2};
        assertThat(RankingMetrics.auroc(in, out)).isEqualTo(0.0);
        assertThat(RankingMetrics.aupr(in, out)).isCloseTo(5.0 / 12, within(EPS));
        assertThat(RankingMetrics.fprAt95Tpr(in, out)).isEqualTo(1.0);
    }

    @Test
    void allScoresTied() {
        // every pair is a tie worth 1/2 -> AUROC 0.5; one threshold flags all 5 samples, precision
        // 2/5 at recall 1 -> AP 0.4 (the prevalence); FPR 3/3 = 1
        double[] scores = {0.5, 0.5, 0.5, 0.5, 0.5};
        boolean[] positive = {true, false, true, false, false};
        assertThat(RankingMetrics.auroc(scores, positive)).isEqualTo(0.5);
        assertThat(RankingMetrics.aupr(scores, positive)).isCloseTo(0.4, within(EPS));
        assertThat(RankingMetrics.fprAt95Tpr(scores, positive)).isEqualTo(1.0);
    }

    // scores 0.9 P, 0.8 N, 0.7 P, 0.7 N, 0.2 N (in shuffled input order below)
    private static final double[] PARTIAL_TIE = {0.7, 0.2, 0.9, 0.7, 0.8};
    private static final boolean[] PARTIAL_TIE_POSITIVE = {true, false, true, false, false};

    @Test
    void aurocCountsTiesAsHalf() {
        // pairs: P(0.9) beats all three negatives -> 3; P(0.7) loses to N(0.8), ties N(0.7) (1/2),
        // beats N(0.2) -> 1.5. U = 4.5 of P N = 6 pairs -> 0.75.
        // Same by average ranks (ascending): 0.2 -> 1, 0.7 -> 2.5, 2.5, 0.8 -> 4, 0.9 -> 5;
        // R_pos = 5 + 2.5 = 7.5, U = R_pos - P (P + 1) / 2 = 7.5 - 3 = 4.5.
        assertThat(RankingMetrics.auroc(PARTIAL_TIE, PARTIAL_TIE_POSITIVE)).isEqualTo(0.75);
    }

    @Test
    void averagePrecisionTakesPrecisionAtTheEndOfEachTieGroup() {
        // thresholds descending: 0.9 -> TP 1, FP 0 (P = 1, R = 1/2); 0.8 -> TP 1, FP 1 (R unchanged);
        // 0.7 (P and N together) -> TP 2, FP 2 (P = 1/2, R = 1); 0.2 -> R unchanged.
        // AP = sum (R_t - R_{t-1}) P_t = 1/2 * 1 + 1/2 * 1/2 = 0.75
        assertThat(RankingMetrics.aupr(PARTIAL_TIE, PARTIAL_TIE_POSITIVE)).isEqualTo(0.75);
    }

    @Test
    void fprAt95TprFlagsTieGroupsWhole() {
        // 95% of 2 positives needs both: threshold 0.7 flags 0.9, 0.8, 0.7, 0.7 -> FP 2 of 3
        assertThat(RankingMetrics.fprAt95Tpr(PARTIAL_TIE, PARTIAL_TIE_POSITIVE)).isCloseTo(2.0 / 3, within(EPS));
    }

    @Test
    void fprAt95TprAcceptsExactlyNinetyFivePercent() {
        // 20 positives: 19 at scores 11..29 and one at 0; negatives at 30, 5 and -1.
        // threshold 11 flags 19 positives (TPR = 19/20 = 0.95 exactly, enough) and the negative 30:
        // FPR = 1/3. A strict "> 0.95" would need threshold 0 and give FPR 2/3.
        double[] scores = new double[23];
        boolean[] positive = new boolean[23];
        for (int i = 0; i < 19; i++) {
            scores[i] = 11 + i;
            positive[i] = true;
        }
        scores[19] = 0;
        positive[19] = true;
        scores[20] = 30;
        scores[21] = 5;
        scores[22] = -1;
        assertThat(RankingMetrics.fprAt95Tpr(scores, positive)).isCloseTo(1.0 / 3, within(EPS));
    }

    @Test
    void inOutOverloadTakesOutOfDistributionAsPositive() {
        // pairs (out > in): 0.35 > 0.1 yes, 0.35 > 0.4 no, 0.8 > 0.1 yes, 0.8 > 0.4 yes -> 3/4
        assertThat(RankingMetrics.auroc(new double[] {0.1, 0.4}, new double[] {0.35, 0.8})).isEqualTo(0.75);
        // swapping the roles gives 1 - AUROC
        assertThat(RankingMetrics.auroc(new double[] {0.35, 0.8}, new double[] {0.1, 0.4})).isEqualTo(0.25);
    }

    @Test
    void infiniteScoresOrderAndSignedZerosTie() {
        // out {inf, 0} vs in {-inf, 0}: inf > -inf, inf > 0, 0 > -inf, 0 = 0 (1/2) -> 3.5 / 4
        double inf = Double.POSITIVE_INFINITY;
        assertThat(RankingMetrics.auroc(new double[] {-inf, 0.0}, new double[] {inf, 0.0})).isEqualTo(0.875);
        // -0.0 and 0.0 are the same score: a tie -> 1/2
        assertThat(RankingMetrics.auroc(new double[] {0.0}, new double[] {-0.0})).isEqualTo(0.5);
    }

    @Test
    void aurocMatchesAPairCountOnLargeTiedInput() {
        // an independent O(n^2) count of (positive > negative) + (ties) / 2 on 2,000 scores with
        // heavy ties; AUROC is exact rational arithmetic here (2U fits a long), so they agree exactly
        Random random = new Random(7);
        int n = 2000;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            positive[i] = random.nextDouble() < 0.3;
            scores[i] = random.nextInt(40) + (positive[i] ? 5 : 0);
        }
        long twice = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (positive[i] && !positive[j]) {
                    pairs++;
                    twice += scores[i] > scores[j] ? 2 : scores[i] == scores[j] ? 1 : 0;
                }
            }
        }
        assertThat(RankingMetrics.auroc(scores, positive)).isEqualTo(twice / (2.0 * pairs));
    }

    @Test
    void rejectsMissingClassNaNAndMismatchedLengths() {
        assertThatThrownBy(() -> RankingMetrics.auroc(new double[] {0.1, 0.2}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("positive has 2 positives and 0 negatives, both classes are needed");
        assertThatThrownBy(() -> RankingMetrics.aupr(new double[] {0.1, 0.2}, new boolean[] {false, false}))
                .hasMessage("positive has 0 positives and 2 negatives, both classes are needed");
        assertThatThrownBy(() -> RankingMetrics.fprAt95Tpr(new double[] {0.1, Double.NaN}, new boolean[] {true, false}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scores[1] is NaN");
        assertThatThrownBy(() -> RankingMetrics.auroc(new double[] {0.1, 0.2}, new boolean[] {true}))
                .hasMessage("positive has 1 entries, scores has 2");
        assertThatThrownBy(() -> RankingMetrics.auroc(new double[] {0.1}, new double[0]))
                .hasMessage("outScores has 0 entries, expected at least 1");
        assertThatThrownBy(() -> RankingMetrics.auroc(new double[] {Double.NaN}, new double[] {1}))
                .hasMessage("inScores[0] is NaN");
        assertThatThrownBy(() -> RankingMetrics.auroc(new double[0], new boolean[0]))
                .hasMessage("scores has 0 entries, expected at least 1");
    }
}
