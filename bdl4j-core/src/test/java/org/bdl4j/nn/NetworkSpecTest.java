package org.bdl4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import org.bdl4j.io.ManifestCodec;
import org.junit.jupiter.api.Test;

/**
 * The CNN shapes of {@link NetworkSpec}: parameter counts, features and multiply-adds counted by hand
 * from the layer sizes, against the networks {@link Networks} builds.
 */
class NetworkSpecTest {
    private static final int[] IMAGE = {1, 28, 28};

    @Test
    void uncertaintyBaselinesLenetHasItsPublishedShape() {
        NetworkSpec ub = NetworkSpec.uncertaintyBaselinesLenet(IMAGE, Activation.RELU, 0f, 10);
        // 28x28 -> conv 6 (same) -> pool 14x14 -> conv 16 (same) -> pool 7x7 -> conv 120 (same, no pool)
        assertThat(ub.flattenedFeatures()).isEqualTo(7 * 7 * 120);
        long macs = 28 * 28 * 25 * 6 + 14 * 14 * 25 * 6 * 16 + 7 * 7 * 25 * 16 * 120 + 5_880 * 84 + 84 * 10;
        assertThat(ub.multiplyAddsPerRow()).isEqualTo(macs).isEqualTo(3_434_760L);
        assertThat(ub.widestActivation()).as("120 channels of 7x7, above 6 of 28x28").isEqualTo(5_880L);
        // weights + biases: 6·25+6, 16·6·25+16, 120·16·25+120, 5,880·84+84, 84·10+10
        int params = 156 + 2_416 + 48_120 + 494_004 + 850;
        try (Network net = Network.create(ub, DropoutMode.STANDARD, 1); NDManager m = NDManager.newBaseManager()) {
            assertThat(net.parameterCount()).isEqualTo(params).isEqualTo(545_546);
            NDArray x = m.zeros(new Shape(2, 1, 28, 28));
            assertThat(net.forward(x, false).getShape()).isEqualTo(new Shape(2, 10));
        }
        assertThat(ub.describe()).isEqualTo("cnn: conv 6, 16, 120 (5x5, same padding, max-pool 2 after the first two),"
                + " dense 84-10, relu");
    }

    @Test
    void aThirdLenetConvolutionIsLenet5sLayerC5() {
        // unpadded after the first: 28 -> pool 14 -> conv 10 -> pool 5 -> conv 1x1: LeNet-5's 120 features,
        // the same parameters as the dense 400 -> 120 layer of NetworkSpec.lenet
        NetworkSpec c5 = new NetworkSpec(Architecture.CNN, IMAGE, new int[] {84}, new int[] {6, 16, 120},
                ConvPadding.LENET, Activation.RELU, 0f, 10);
        NetworkSpec lenet = NetworkSpec.lenet(IMAGE, Activation.RELU, 0f, 10);
        assertThat(c5.flattenedFeatures()).isEqualTo(120);
        assertThat(lenet.flattenedFeatures()).isEqualTo(400);
        assertThat(c5.multiplyAddsPerRow()).isEqualTo(lenet.multiplyAddsPerRow());
        try (Network a = Network.create(c5, DropoutMode.STANDARD, 1);
                Network b = Network.create(lenet, DropoutMode.STANDARD, 1)) {
            assertThat(a.parameterCount()).isEqualTo(b.parameterCount()).isEqualTo(61_706);
        }
    }

    @Test
    void imagesTooSmallForTheConvolutionsAreRefusedWithTheMapSizes() {
        assertThatThrownBy(() -> new NetworkSpec(Architecture.CNN, IMAGE, new int[] {84}, new int[] {6, 16, 120, 8},
                ConvPadding.LENET, Activation.RELU, 0f, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("images of [1, 28, 28] are too small for 4 convolutions with lenet padding: convolution 4"
                        + " sees 1x1 maps, smaller than its unpadded 5x5 kernel");
        assertThatThrownBy(() -> new NetworkSpec(Architecture.CNN, new int[] {1, 3, 3}, new int[0], new int[] {2, 2},
                ConvPadding.SAME, Activation.RELU, 0f, 2))
                .hasMessageEndingWith("convolution 2 sees 1x1 maps, too small for the 2x2 max-pool after it");
    }

    @Test
    void theManifestKeepsThePaddingAndOlderManifestsReadAsLenet() {
        NetworkSpec ub = NetworkSpec.uncertaintyBaselinesLenet(IMAGE, Activation.RELU, 0.1f, 10);
        JsonObject json = ManifestCodec.network(ub);
        assertThat(json.get("convPadding").getAsString()).isEqualTo("same");
        assertThat(ManifestCodec.network(null, json)).isEqualTo(ub);
        JsonObject older = ManifestCodec.network(NetworkSpec.lenet(IMAGE, Activation.RELU, 0.1f, 10));
        older.remove("convPadding");
        assertThat(ManifestCodec.network(null, older)).isEqualTo(NetworkSpec.lenet(IMAGE, Activation.RELU, 0.1f, 10));
    }
}
