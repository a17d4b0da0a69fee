package org.bdl4j.nn;

import org.bdl4j.options.EnumNames;

/**
 * How a CNN's 5x5 convolutions are padded. Each convolution of a {@link NetworkSpec} maps an h x w
 * input to h x w (padding 2) or (h - 4) x (w - 4) (no padding).
 */
public enum ConvPadding {
    /**
     * The first convolution padded by 2, the later ones unpadded, as in LeNet-5 (LeCun et al. 1998, whose
     * 32x32 inputs are 28x28 images padded by 2): with convolutions of 6, 16 and 120 channels on 28x28
     * images the third one sees 5x5 maps and gives LeNet-5's 120 features (its layer C5).
     */
    LENET,
    /**
     * Every convolution padded by 2, keeping its input's size ("same" padding), as in the LeNet-5 of
     * google/uncertainty-baselines: with 6, 16 and 120 channels on 28x28 images the third one gives
     * 7 x 7 x 120 = 5,880 features.
     */
    SAME;

    /** The side of the map a convolution with index {@code index} (0 = first) makes from a side of {@code in}. */
    int outputSide(int index, int in) {
        return in + 2 * padding(index) - 4;
    }

    /** The padding of the convolution with index {@code index}, each side. */
    int padding(int index) {
        return this == SAME || index == 0 ? 2 : 0;
    }

    public String cliName() {
        return EnumNames.of(this);
    }

    public static ConvPadding parse(String text) {
        return EnumNames.parse(ConvPadding.class, text, "convolution padding");
    }
}
