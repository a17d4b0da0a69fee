package org.bdl4j.nn;

import java.util.Locale;

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
        return name().toLowerCase(Locale.ROOT);
    }

    public static Architecture parse(String text) {
        for (Architecture a : values()) {
            if (a.cliName().equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("architecture must be 'mlp' or 'cnn', found '" + text + "'");
    }
}
