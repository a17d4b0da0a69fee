package org.bdl4j.continual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.options.InvalidOptionException;
import org.junit.jupiter.api.Test;

/** Permuted and split task sequences: what each task holds, and the errors for what cannot be built. */
class TaskSequenceTest {
    private static final Dataset TRAIN = TestTables.blobs(40, 6, 5, 1);
    private static final Dataset TEST = TestTables.blobs(15, 6, 5, 2);

    @Test
    void permutedTasksReorderEveryRowsFeaturesTheSameWay() {
        List<ContinualTask> tasks = TaskSequence.parse("permuted:3", "tasks").build(TRAIN, TEST, Scenario.DOMAIN, 9);
        assertThat(tasks).hasSize(3);
        assertThat(tasks.get(0).train().features()).isEqualTo(TRAIN.features());
        int[] previous = null;
        for (ContinualTask t : tasks.subList(1, 3)) {
            assertThat(t.head()).isNull();
            assertThat(t.train().labels()).isEqualTo(TRAIN.labels());
            int[] order = orderOf(TRAIN.row(0), t.train().row(0));
            assertThat(order).isNotEqualTo(identity(6)).isNotEqualTo(previous);
            for (Dataset[] pair : new Dataset[][] {{TRAIN, t.train()}, {TEST, t.test()}}) {
                for (int r = 0; r < pair[0].rows(); r++) {
                    float[] source = pair[0].row(r);
                    float[] moved = pair[1].row(r);
                    for (int j = 0; j < 6; j++) {
                        assertThat(moved[j]).isEqualTo(source[order[j]]);
                    }
                }
            }
            previous = order;
        }
    }

    @Test
    void splitTasksHoldConsecutiveClassGroupsWithAHeadEachInTheTaskScenario() {
        List<ContinualTask> tasks = TaskSequence.parse("split:2", "tasks").build(TRAIN, TEST, Scenario.TASK, 9);
        assertThat(tasks.get(0).head().classes()).containsExactly(0, 1);
        assertThat(tasks.get(1).head().classes()).containsExactly(2, 3, 4);
        assertThat(Arrays.stream(tasks.get(1).train().labels()).distinct().sorted().toArray()).containsExactly(2, 3, 4);
        long expected = Arrays.stream(TRAIN.labels()).filter(y -> y < 2).count();
        assertThat(tasks.get(0).train().rows()).isEqualTo(expected);
        assertThat(Arrays.stream(tasks.get(0).test().labels()).allMatch(y -> y < 2)).isTrue();

        List<ContinualTask> classIncremental = TaskSequence.parse("split:2", "tasks").build(TRAIN, TEST,
                Scenario.CLASS, 9);
        assertThat(classIncremental.get(0).head()).isNull();
    }

    @Test
    void badSequencesAndScenariosAreRefusedWithTheValueFound() {
        assertThatThrownBy(() -> TaskSequence.parse("shuffled:3", "tasks")).isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("'shuffled:3'");
        assertThatThrownBy(() -> TaskSequence.parse("split:x", "tasks")).hasMessageContaining("'split:x'");
        assertThatThrownBy(() -> TaskSequence.parse("split:0", "tasks")).hasMessageContaining("at least 1 task");
        TaskSequence split6 = TaskSequence.parse("split:6", "tasks");
        assertThatThrownBy(() -> split6.build(TRAIN, TEST, Scenario.TASK, 1))
                .hasMessage("split:6 needs at least 6 classes, the source has 5");
        assertThatThrownBy(() -> TaskSequence.parse("permuted:2", "tasks").build(TRAIN, TEST, Scenario.CLASS, 1))
                .hasMessageContaining("domain, not class");
        assertThatThrownBy(() -> TaskSequence.parse("split:2", "tasks").build(TRAIN, TEST, Scenario.DOMAIN, 1))
                .hasMessageContaining("task or class");
        Dataset regression = TestTables.linearRegression(10, new double[] {1}, 0, 0.1, 1, 1);
        assertThatThrownBy(() -> split6.build(regression, regression, Scenario.TASK, 1))
                .hasMessage("continual learning needs a classification source");
    }

    /** The π with moved[j] = source[π(j)] (the blob features are distinct Gaussian draws). */
    private static int[] orderOf(float[] source, float[] moved) {
        int[] order = new int[moved.length];
        for (int j = 0; j < moved.length; j++) {
            for (int k = 0; k < source.length; k++) {
                if (source[k] == moved[j]) {
                    order[j] = k;
                }
            }
        }
        return order;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
    }
}
