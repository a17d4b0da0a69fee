package org.bdl4j.nn;

import org.bdl4j.options.EnumNames;

/** The network families bdl4j builds. */
public enum Architecture {
    /** Fully connected layers on the flattened input. */
    MLP,
    /**
     * A LeNet-style convolutional network for small images: 5x5 convolutions, each followed by the
     * activation and the first two by a 2x2 max-pool (by default conv(6, pad 2) - maxpool - conv(16) -
     * maxpool), then flatten - dense hidden layers - output; see {@link NetworkSpec} and {@link ConvPadding}.
     */
    CNN;

    public String cliName() {
        return EnumNames.of(this);
    }

    public static Architecture parse(String text) {
        return EnumNames.parse(Architecture.class, text, "architecture");
    }
}
