package org.bdl4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlatParametersTest {

    @Test
    void countMatchesTheArchitectureArithmetic() {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {784}, new int[] {256, 256}, Activation.RELU, 0.1f, 10);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 1)) {
            // (784*256 + 256) + (256*256 + 256) + (256*10 + 10), counted by hand
            assertThat(net.parameterCount()).isEqualTo(784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10);
        }
    }

    @Test
    void lenetCountMatchesTheArchitectureArithmetic() {
        NetworkSpec spec = NetworkSpec.lenet(new int[] {1, 28, 28}, Activation.RELU, 0f, 10);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 1)) {
            // conv1 6x1x5x5+6, conv2 16x6x5x5+16, after two pools 16x5x5=400 -> 120 -> 84 -> 10
            int expected = (6 * 25 + 6) + (16 * 6 * 25 + 16) + (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10);
            assertThat(net.parameterCount()).isEqualTo(expected);
        }
    }

    @Test
    void setThenGetRoundTripsAndMatchesTheEngineArrays() {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {3}, new int[] {4}, Activation.TANH, 0f, 2);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 7)) {
            float[] theta = new float[net.parameterCount()];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = i * 0.01f - 0.1f;
            }
            net.setParameters(theta);
            assertThat(net.parameters()).containsExactly(theta);
            // the engine sees the new values: compare with an independent read through toFloatArray
            List<NDArray> arrays = FlatParameters.arrays(net.block());
            int offset = 0;
            for (NDArray a : arrays) {
                float[] values = a.toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    assertThat(values[i]).isEqualTo(theta[offset + i]);
                }
                offset += values.length;
            }
        }
    }

    @Test
    void settingWeightsChangesTheForwardPassAsTheLinearAlgebraSays() {
        // linear model y = W x + b with W = [[1, 2]], b = [0.5]: for x = (3, -1), y = 3 - 2 + 0.5 = 1.5
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[0], Activation.RELU, 0f, 1);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 3); NDManager m = NDManager.newBaseManager()) {
            net.setParameters(new float[] {1f, 2f, 0.5f});
            float y = net.forward(m.create(new float[] {3f, -1f}).reshape(1, 2), false).getFloat(0, 0);
            assertThat(y).isEqualTo(1.5f);
        }
    }

    @Test
    void wrongLengthIsRejectedWithBothCounts() {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[0], Activation.RELU, 0f, 1);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 3)) {
            assertThatThrownBy(() -> net.setParameters(new float[5]))
                    .hasMessage("the network has 3 parameters, the vector has 5");
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {5}, new int[] {8}, Activation.RELU, 0f, 3);
        try (Network a = Network.create(spec, DropoutMode.STANDARD, 11);
                Network b = Network.create(spec, DropoutMode.STANDARD, 11);
                Network c = Network.create(spec, DropoutMode.STANDARD, 12)) {
            assertThat(a.parameters()).containsExactly(b.parameters());
            assertThat(a.parameters()).isNotEqualTo(c.parameters());
        }
    }

    @Test
    void initialisationFollowsPytorchsDefaultBound() {
        // weights ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)); fan_in = 100 gives bound 0.1; biases start at 0
        NetworkSpec spec = NetworkSpec.mlp(new int[] {100}, new int[0], Activation.RELU, 0f, 50);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 5)) {
            float[] theta = net.parameters();
            double max = 0;
            for (int i = 0; i < 5000; i++) {
                max = Math.max(max, Math.abs(theta[i]));
            }
            assertThat(max).isLessThanOrEqualTo(0.1).isGreaterThan(0.099);
            for (int i = 5000; i < 5050; i++) {
                assertThat(theta[i]).isZero();
            }
        }
    }
}
