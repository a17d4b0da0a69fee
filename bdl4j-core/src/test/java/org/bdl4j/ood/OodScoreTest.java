package org.bdl4j.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Task;
import org.junit.jupiter.api.Test;

/**
 * The OOD scores' values by hand and their sign (higher = more likely OOD), and the AUROC with the OOD
 * rows as the positives.
 */
class OodScoreTest {
    private static final List<String> CLASSES = List.of("a", "b");

    /**
     * Two samples per row. Row "sure": both samples (0.9, 0.1). Row "split": samples (0.9, 0.1) and
     * (0.1, 0.9), whose mean is (0.5, 0.5). By hand: MSP scores 1 − 0.9 = 0.1 and 1 − 0.5 = 0.5;
     * entropies H(0.9, 0.1) = 0.325083 and ln 2 = 0.693147; mutual information 0 and
     * 0.693147 − 0.325083 = 0.368064.
     */
    private static ClassificationPredictive twoRows() {
        float[][][] samples = {{{0.9f, 0.1f}, {0.9f, 0.1f}}, {{0.9f, 0.1f}, {0.1f, 0.9f}}};
        return ClassificationPredictive.ofSamples(samples, CLASSES, false);
    }

    @Test
    void scoresByHandRiseWithUncertainty() {
        ClassificationPredictive p = twoRows();
        assertThat(OodScore.MSP.scores(p)).containsExactly(new double[] {0.1, 0.5}, within(1e-6));
        assertThat(OodScore.ENTROPY.scores(p)).containsExactly(new double[] {0.325083, 0.693147}, within(1e-6));
        assertThat(OodScore.MUTUAL_INFORMATION.scores(p)).containsExactly(new double[] {0, 0.368064},
                within(1e-6));
    }

    /**
     * The scores added to the first three, by hand on {@link #twoRows()}: expected entropy E H =
     * H(0.9, 0.1) = 0.325083 in both rows; variation ratio 1 − 2/2 = 0 for "sure" (both samples vote
     * class a) and 1 − 1/2 = 0.5 for "split" (one vote each).
     */
    @Test
    void expectedEntropyAndVariationRatioByHand() {
        ClassificationPredictive p = twoRows();
        assertThat(OodScore.EXPECTED_ENTROPY.scores(p)).containsExactly(new double[] {0.325083, 0.325083},
                within(1e-6));
        assertThat(OodScore.VARIATION_RATIO.scores(p)).containsExactly(0.0, 0.5);
    }

    @Test
    void aPointEstimateHasVariationRatioZeroAndAClosedFormPredictiveNone() {
        ClassificationPredictive point = ClassificationPredictive.ofPoint(new double[][] {{0.6, 0.4}}, CLASSES);
        assertThat(OodScore.VARIATION_RATIO.scores(point)).containsExactly(0.0);
        ClassificationPredictive closedForm = ClassificationPredictive.of(new double[][] {{0.6, 0.4}},
                new double[] {0.6}, CLASSES);
        assertThatThrownBy(() -> OodScore.VARIATION_RATIO.scores(closedForm))
                .hasMessageContaining("variation_ratio needs the votes");
    }

    /** Variance scores of a regression predictive: total σ²_a + σ²_e and epistemic σ²_e. */
    @Test
    void regressionScoresAreTheVariances() {
        RegressionPredictive r = new RegressionPredictive(new double[] {0, 1}, new double[] {0.5, 0.25},
                new double[] {0.1, 2.0});
        assertThat(OodScore.VARIANCE.scores(r)).containsExactly(new double[] {0.6, 2.25}, within(1e-12));
        assertThat(OodScore.EPISTEMIC_VARIANCE.scores(r)).containsExactly(0.1, 2.0);
        assertThatThrownBy(() -> OodScore.ENTROPY.scores(r)).hasMessageContaining("not a score of a regression");
    }

    @Test
    void namesParseAndAnUnknownNameListsTheKnownOnes() {
        for (OodScore s : OodScore.values()) {
            assertThat(OodScore.parse(s.cliName().toUpperCase(java.util.Locale.ROOT))).isEqualTo(s);
        }
        assertThatThrownBy(() -> OodScore.parse("entropie")).hasMessage("score must be msp, entropy, mi,"
                + " expected_entropy, variation_ratio, max_logit, energy, mahalanobis, variance or epistemic_variance,"
                + " found 'entropie'");
        assertThat(OodScore.forTask(Task.REGRESSION)).containsExactly(OodScore.VARIANCE, OodScore.EPISTEMIC_VARIANCE);
    }

    @Test
    void theOodRowsArePositivesSoAnUncertainOodSetScoresAurocOne() {
        ClassificationPredictive p = twoRows();
        ClassificationPredictive sure = ClassificationPredictive.ofSamples(new float[][][] {{{0.9f, 0.1f}},
                {{0.9f, 0.1f}}}, CLASSES, false);
        ClassificationPredictive split = ClassificationPredictive.ofSamples(new float[][][] {{{0.9f, 0.1f}},
                {{0.1f, 0.9f}}}, CLASSES, false);
        for (OodScore score : List.of(OodScore.MSP, OodScore.ENTROPY, OodScore.MUTUAL_INFORMATION)) {
            assertThat(score.auroc(sure, split)).as(score.cliName()).isEqualTo(1.0);
            assertThat(score.auroc(split, sure)).as(score.cliName()).isEqualTo(0.0);
            assertThat(score.auroc(p, p)).as(score.cliName()).isEqualTo(0.5);
        }
        assertThat(OodScore.MUTUAL_INFORMATION.cliName()).isEqualTo("mi");
        assertThat(OodScore.MSP.cliName()).isEqualTo("msp");
    }
}
