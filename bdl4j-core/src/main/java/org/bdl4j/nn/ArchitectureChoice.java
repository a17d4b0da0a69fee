package org.bdl4j.nn;

import java.util.Arrays;
import org.bdl4j.options.InvalidOptionException;

/** The network family a user asks for: a given {@link Architecture}, or chosen from the data's shape. */
public enum ArchitectureChoice {
    /** A CNN for images of at least 12 x 12 (shape [channels, height, width]), else an MLP. */
    AUTO,
    MLP,
    CNN;

    /** The architecture for rows of {@code inputShape}. */
    public Architecture resolve(int[] inputShape) {
        boolean image = inputShape.length == 3 && inputShape[1] >= 12 && inputShape[2] >= 12;
        switch (this) {
            case MLP:
                return Architecture.MLP;
            case CNN:
                if (inputShape.length != 3) {
                    throw new InvalidOptionException(NetworkOptions.ARCH.name(), "{" + NetworkOptions.ARCH.name()
                            + "} cnn needs image data (channels x height x width), the data has rows of shape "
                            + Arrays.toString(inputShape));
                }
                return Architecture.CNN;
            default:
                return image ? Architecture.CNN : Architecture.MLP;
        }
    }
}
