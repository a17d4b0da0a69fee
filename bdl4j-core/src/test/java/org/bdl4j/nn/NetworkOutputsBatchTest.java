package org.bdl4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link NetworkOutputs#batchRows}: the widest layer output counted by hand, and the batch that keeps
 * it within the budget, between 64 and 2,048 rows.
 */
class NetworkOutputsBatchTest {
    @Test
    void theBatchKeepsTheWidestLayerWithinTheBudget() {
        NetworkSpec lenet = NetworkSpec.lenet(new int[] {1, 28, 28}, Activation.RELU, 0f, 10);
        assertThat(lenet.widestActivation()).as("6 channels of 28x28").isEqualTo(4_704L);
        assertThat(NetworkOutputs.batchRows(lenet)).as("2^22 / 4,704 = 891, down to a power of two").isEqualTo(512);
        NetworkSpec w1 = NetworkSpec.mlp(new int[] {784}, new int[] {256, 256}, Activation.RELU, 0f, 10);
        assertThat(w1.widestActivation()).isEqualTo(784L);
        assertThat(NetworkOutputs.batchRows(w1)).as("5,349 rows, capped").isEqualTo(2_048);
        NetworkSpec wide = NetworkSpec.mlp(new int[] {200_000}, new int[] {8}, Activation.RELU, 0f, 2);
        assertThat(NetworkOutputs.batchRows(wide)).as("20 rows, raised to the floor").isEqualTo(64);
    }
}
