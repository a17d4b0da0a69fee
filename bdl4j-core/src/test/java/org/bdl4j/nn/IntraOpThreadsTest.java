package org.bdl4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link IntraOpThreads}: a step's multiply-adds counted by hand for an MLP and the LeNet-5 CNN, one
 * thread below the threshold and the caller's count above it, the threshold's setting, the count
 * restored on close, and a lowered caller's pool still sharing the threads it had.
 */
class IntraOpThreadsTest {
    @Test
    void multiplyAddsAreCountedLayerByLayer() {
        // 784·256 + 256·256 + 256·10
        assertThat(NetworkSpec.mlp(new int[] {784}, new int[] {256, 256}, Activation.RELU, 0.1f, 10).multiplyAddsPerRow())
                .isEqualTo(200_704L + 65_536L + 2_560L);
        // conv1 28·28·25·1·6, pool to 14, conv2 10·10·25·6·16, pool to 5: dense 400·120 + 120·84 + 84·10
        assertThat(NetworkSpec.lenet(new int[] {1, 28, 28}, Activation.RELU, 0f, 10).multiplyAddsPerRow())
                .isEqualTo(117_600L + 240_000L + 48_000L + 10_080L + 840L);
    }

    @Test
    void smallStepsRunOnOneThreadAndTheCountIsRestored() {
        assertThat(IntraOpThreads.threadsFor(IntraOpThreads.SMALL_STEP - 1, 4, IntraOpThreads.SMALL_STEP)).isEqualTo(1);
        assertThat(IntraOpThreads.threadsFor(IntraOpThreads.SMALL_STEP, 4, IntraOpThreads.SMALL_STEP)).isEqualTo(4);
        assertThat(IntraOpThreads.threadsFor(10, 4, IntraOpThreads.threshold("0"))).as("rule off").isEqualTo(4);
        assertThat(IntraOpThreads.threshold(null)).isEqualTo(IntraOpThreads.SMALL_STEP);
        assertThat(IntraOpThreads.threshold(" 1000 ")).isEqualTo(1000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IntraOpThreads.threshold("-1"))
                .hasMessage("-Dbdl4j.one-thread-below must be a number of multiply-adds >= 0, found '-1'");
        ai.djl.engine.Engine.getEngine("PyTorch");
        int before = JniUtils.getNumThreads();
        NetworkSpec small = NetworkSpec.mlp(new int[] {8}, new int[] {50}, Activation.RELU, 0f, 1);
        try (IntraOpThreads t = IntraOpThreads.forTraining(small, 32)) {
            assertThat(t.threads()).isEqualTo(1);
            assertThat(JniUtils.getNumThreads()).isEqualTo(1);
            assertThat(IntraOpThreads.available()).as("available inside the scope").isEqualTo(before);
            assertThat(TaskPool.workers(5)).as("workers inside the scope").isEqualTo(Math.min(5, before));
            try (IntraOpThreads inner = IntraOpThreads.forTraining(small, 32)) {
                assertThat(IntraOpThreads.available()).as("nested").isEqualTo(before);
            }
            assertThat(IntraOpThreads.available()).as("after the nested scope").isEqualTo(before);
            List<Integer> seen = TaskPool.map(2, 2, i -> JniUtils.getNumThreads(), r -> {});
            assertThat(seen).as("each worker's share of the available threads").containsOnly(Math.max(1, before / 2));
            assertThat(JniUtils.getNumThreads()).as("the lowered caller after the pool").isEqualTo(1);
        }
        assertThat(JniUtils.getNumThreads()).isEqualTo(before);
        assertThat(IntraOpThreads.available()).isEqualTo(before);
        NetworkSpec w1 = NetworkSpec.mlp(new int[] {784}, new int[] {256, 256}, Activation.RELU, 0f, 10);
        try (IntraOpThreads t = IntraOpThreads.forTraining(w1, 128)) {
            assertThat(t.threads()).isEqualTo(before);
        }
    }
}
