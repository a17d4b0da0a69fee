package org.bdl4j.continual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The summaries of an accuracy matrix, worked by hand. */
class AccuracyMatrixTest {
    private static final double[][] R = {
        {0.90, 0.10, 0.20},
        {0.95, 0.80, 0.30},
        {0.50, 0.60, 0.95}};

    @Test
    void averageForgettingAndBackwardTransferFollowTheirDefinitions() {
        AccuracyMatrix a = new AccuracyMatrix(List.of("a", "b", "c"), R);
        assertThat(a.averageAccuracy(0)).isCloseTo(0.90, within(1e-12));
        assertThat(a.averageAccuracy(1)).isCloseTo((0.95 + 0.80) / 2, within(1e-12));
        assertThat(a.finalAverageAccuracy()).isCloseTo((0.50 + 0.60 + 0.95) / 3, within(1e-12));
        // forgetting from the best earlier accuracy: task a peaked at 0.95 after task b, not at 0.90
        assertThat(a.forgetting()).isCloseTo(((0.95 - 0.50) + (0.80 - 0.60)) / 2, within(1e-12));
        // backward transfer from the accuracy just after learning each task
        assertThat(a.backwardTransfer()).isCloseTo(((0.50 - 0.90) + (0.60 - 0.80)) / 2, within(1e-12));
    }

    @Test
    void oneStageHasNeitherForgettingNorTransfer() {
        AccuracyMatrix a = new AccuracyMatrix(List.of("a", "b"), new double[][] {{0.7, 0.2}});
        assertThat(a.forgetting()).isZero();
        assertThat(a.backwardTransfer()).isZero();
        assertThat(a.finalAverageAccuracy()).isEqualTo(0.7);
    }

    @Test
    void rowsMustCoverEveryTask() {
        assertThatThrownBy(() -> new AccuracyMatrix(List.of("a", "b"), new double[][] {{0.7}}))
                .hasMessage("stage 1 has 1 accuracies for 2 tasks");
    }
}
