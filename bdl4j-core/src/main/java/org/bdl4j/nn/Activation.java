package org.bdl4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import org.bdl4j.options.EnumNames;

/** The element-wise non-linearity between hidden layers. */
public enum Activation {
    RELU, TANH, GELU, SIGMOID;

    /** A parameter-free DJL block applying this activation. */
    Block block() {
        switch (this) {
            case RELU:
                return ai.djl.nn.Activation.reluBlock();
            case TANH:
                return ai.djl.nn.Activation.tanhBlock();
            case GELU:
                return ai.djl.nn.Activation.geluBlock();
            case SIGMOID:
                return ai.djl.nn.Activation.sigmoidBlock();
            default:
                throw new AssertionError(this);
        }
    }

    /** This activation applied element-wise to {@code x} (for code that runs layers as plain ops). */
    public NDArray apply(NDArray x) {
        switch (this) {
            case RELU:
                return ai.djl.nn.Activation.relu(x);
            case TANH:
                return ai.djl.nn.Activation.tanh(x);
            case GELU:
                return ai.djl.nn.Activation.gelu(x);
            case SIGMOID:
                return ai.djl.nn.Activation.sigmoid(x);
            default:
                throw new AssertionError(this);
        }
    }

    /** Lower-case name as used in model files and on the command line. */
    public String cliName() {
        return EnumNames.of(this);
    }

    /** Parses {@code relu|tanh|gelu|sigmoid}, naming the value found on failure. */
    public static Activation parse(String text) {
        return EnumNames.parse(Activation.class, text, "activation");
    }
}
