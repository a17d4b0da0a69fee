package org.bdl4j.nn;

import org.bdl4j.options.EnumNames;

/** The network families bdl4j builds. */
public enum Architecture {
    /** Fully connected layers on the flattened input. */
    MLP,
    /**
     * A LeNet-style convolutional network for small images: conv(c1, 5x5, pad 2) - act - maxpool 2 -
     * conv(c2, 5x5) - act - maxpool 2 - flatten - dense hidden layers - output.
     */
    CNN;

    public String cliName() {
        return EnumNames.of(this);
    }

    public static Architecture parse(String text) {
        return EnumNames.parse(Architecture.class, text, "architecture");
    }
}
