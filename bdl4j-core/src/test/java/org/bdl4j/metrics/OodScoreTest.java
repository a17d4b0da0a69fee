package org.bdl4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.bdl4j.ClassificationPredictive;
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

    @Test
    void theOodRowsArePositivesSoAnUncertainOodSetScoresAurocOne() {
        ClassificationPredictive p = twoRows();
        ClassificationPredictive sure = ClassificationPredictive.ofSamples(new float[][][] {{{0.9f, 0.1f}},
                {{0.9f, 0.1f}}}, CLASSES, false);
        ClassificationPredictive split = ClassificationPredictive.ofSamples(new float[][][] {{{0.9f, 0.1f}},
                {{0.1f, 0.9f}}}, CLASSES, false);
        for (OodScore score : OodScore.values()) {
            assertThat(score.auroc(sure, split)).as(score.key()).isEqualTo(1.0);
            assertThat(score.auroc(split, sure)).as(score.key()).isEqualTo(0.0);
            assertThat(score.auroc(p, p)).as(score.key()).isEqualTo(0.5);
        }
        assertThat(OodScore.MUTUAL_INFORMATION.key()).isEqualTo("mi");
        assertThat(OodScore.MSP.key()).isEqualTo("msp");
    }
}
