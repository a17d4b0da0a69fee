package org.bdl4j.conformal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.junit.jupiter.api.Test;

class SplitConformalClassifierTest {
    private static final double[][] CAL = {
        {0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}, {0.6, 0.3, 0.1}, {0.2, 0.5, 0.3},
        {0.1, 0.1, 0.8}, {0.5, 0.4, 0.1}, {0.2, 0.2, 0.6}, {0.4, 0.4, 0.2}, {0.9, 0.05, 0.05},
    };
    private static final int[] CAL_LABELS = {0, 1, 2, 1, 1, 2, 0, 2, 1, 0};

    @Test
    void lacThresholdAndSetsByHand() {
        // LAC scores 1 - p_y: 0.3, 0.2, 0.6, 0.7, 0.5, 0.2, 0.5, 0.4, 0.6, 0.1; n = 10, alpha = 0.2:
        // k = ceil(11 * 0.8) = 9, the 9th smallest = 0.6
        SplitConformalClassifier c = SplitConformalClassifier.calibrate(ClassificationScore.lac(), 0.2,
                Conditioning.MARGINAL, CAL, CAL_LABELS, 1);
        assertThat(c.thresholds()).containsOnly(0.6);
        PredictionSets sets = c.predict(new double[][] {{0.5, 0.45, 0.05}, {0.3, 0.3, 0.4}, {0.95, 0.03, 0.02}}, 1);
        // classes with p >= 1 - 0.6 = 0.4 (within rounding of 1 - p)
        assertThat(sets.labels(0)).containsExactly(0, 1);
        assertThat(sets.labels(1)).containsExactly(2);
        assertThat(sets.labels(2)).containsExactly(0);
        assertThat(sets.names(0)).containsExactly("0", "1");
        assertThat(sets.meanSize()).isEqualTo(4.0 / 3);
    }

    @Test
    void tooFewCalibrationPointsGiveTheFullLabelSet() {
        // n = 10 < 1/0.05 - 1 = 19: the threshold is +infinity and every set holds every class
        for (ClassificationScore score : List.of(ClassificationScore.lac(), ClassificationScore.aps(true),
                ClassificationScore.raps(1, 0.5, true))) {
            SplitConformalClassifier c = SplitConformalClassifier.calibrate(score, 0.05, Conditioning.MARGINAL, CAL,
                    CAL_LABELS, 3);
            assertThat(c.thresholds()).containsOnly(Double.POSITIVE_INFINITY);
            PredictionSets sets = c.predict(CAL, 4);
            assertThat(sets.sizes()).containsOnly(3);
            assertThat(ConformalMetrics.coverage(sets, CAL_LABELS)).isEqualTo(1.0);
        }
    }

    @Test
    void classConditionalThresholdsAndAClassWithoutCalibrationPoints() {
        int[] labels = {0, 1, 1, 1, 1, 1, 0, 1, 1, 0}; // class 2 never appears
        SplitConformalClassifier c = SplitConformalClassifier.calibrate(ClassificationScore.lac(), 0.5,
                Conditioning.CLASS_CONDITIONAL, CAL, labels, 1);
        assertThat(c.calibrationCounts()).containsExactly(3, 7, 0);
        // class 0 scores 0.3, 0.5, 0.1: k = ceil(4 * 0.5) = 2 -> 0.3; class 1 scores
        // 0.2, 0.7, 0.7, 0.5, 0.9, 0.8, 0.6: k = ceil(8 * 0.5) = 4 -> 0.7; class 2: none -> infinity
        double[] t = c.thresholds();
        assertThat(t[0]).isEqualTo(0.30000000000000004); // 1 - 0.7 in double precision
        assertThat(t[1]).isEqualTo(1 - 0.3);
        assertThat(t[2]).isEqualTo(Double.POSITIVE_INFINITY);
        PredictionSets sets = c.predict(new double[][] {{0.05, 0.05, 0.9}}, 1);
        assertThat(sets.labels(0)).containsExactly(2);
    }

    @Test
    void theSameSeedGivesTheSameRandomisedSetsAndAnotherSeedOtherOnes() {
        ClassificationScore aps = ClassificationScore.aps(true);
        SplitConformalClassifier a = SplitConformalClassifier.calibrate(aps, 0.3, Conditioning.MARGINAL, CAL,
                CAL_LABELS, 7);
        SplitConformalClassifier b = SplitConformalClassifier.calibrate(aps, 0.3, Conditioning.MARGINAL, CAL,
                CAL_LABELS, 7);
        assertThat(a.thresholds()).containsExactly(b.thresholds());
        double[][] test = new double[200][];
        for (int i = 0; i < test.length; i++) {
            test[i] = CAL[i % CAL.length];
        }
        PredictionSets s1 = a.predict(test, 11);
        PredictionSets s2 = a.predict(test, 11);
        PredictionSets s3 = a.predict(test, 12);
        boolean differ = false;
        for (int i = 0; i < test.length; i++) {
            assertThat(s1.labels(i)).containsExactly(s2.labels(i));
            differ |= s1.size(i) != s3.size(i);
        }
        assertThat(differ).as("randomised APS depends on its draws").isTrue();
    }

    @Test
    void badInputIsReportedInOneLineNamingTheValue() {
        assertThatThrownBy(() -> SplitConformalClassifier.calibrate(ClassificationScore.lac(), 1.5,
                Conditioning.MARGINAL, CAL, CAL_LABELS, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpha must be in (0, 1), found 1.5");
        assertThatThrownBy(() -> SplitConformalClassifier.calibrate(ClassificationScore.lac(), 0.1,
                Conditioning.MARGINAL, CAL, new int[] {0, 1, 2, 1, 1, 2, 0, 3, 1, 0}, 1))
                .hasMessage("label 3 at row 7 is not a class of the 3 probability columns (0..2)");
        SplitConformalClassifier c = SplitConformalClassifier.calibrate(ClassificationScore.lac(), 0.2,
                Conditioning.MARGINAL, CAL, CAL_LABELS, 1);
        PredictionSets sets = c.predict(CAL, 1);
        int[] unseen = CAL_LABELS.clone();
        unseen[4] = 5;
        assertThatThrownBy(() -> ConformalMetrics.coverage(sets, unseen))
                .hasMessage("label 5 at row 4 was not seen at fit time (the predictor knows classes 0..2)");
        assertThatThrownBy(() -> c.predict(new double[][] {{0.5, 0.5}}, 1))
                .hasMessage("the probabilities have 2 columns, the predictor was calibrated on 3 classes");
        assertThatThrownBy(() -> c.predict(new double[][] {{0.5, 0.6, 0.1}}, 1))
                .hasMessage("probabilities row 0 sums to 1.2000000000000002, expected 1 (within 0.001)");
        ClassificationPredictive other = ClassificationPredictive.ofPoint(CAL, List.of("a", "b", "c"));
        assertThatThrownBy(() -> c.predict(other, 1))
                .hasMessage("the predictive's classes [a, b, c] differ from the calibration classes [0, 1, 2]");
    }
}
