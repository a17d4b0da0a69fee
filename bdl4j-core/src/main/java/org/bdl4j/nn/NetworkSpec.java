package org.bdl4j.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * Everything needed to rebuild a network's structure (not its weights): saved in model manifests.
 *
 * @param architecture MLP or CNN
 * @param inputShape the shape of one input row, e.g. {@code [13]} or {@code [1, 28, 28]}
 * @param hidden the widths of the fully connected hidden layers (empty: a linear model for MLP)
 * @param convChannels the output channels of the CNN's two convolutions (empty for MLP)
 * @param activation the non-linearity after each hidden layer
 * @param dropout the drop probability after each fully connected hidden activation (0 = none)
 * @param outputs the width of the last layer (C logits, 1 mean, or 2 for mean and log-variance)
 */
public record NetworkSpec(Architecture architecture, int[] inputShape, int[] hidden, int[] convChannels,
        Activation activation, float dropout, int outputs) {

    public NetworkSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(activation, "activation");
        inputShape = inputShape.clone();
        hidden = hidden.clone();
        convChannels = convChannels.clone();
        for (int s : inputShape) {
            if (s <= 0) {
                throw new IllegalArgumentException("input shape must be positive, found " + Arrays.toString(inputShape));
            }
        }
        for (int h : hidden) {
            if (h <= 0) {
                throw new IllegalArgumentException("hidden sizes must be positive, found " + Arrays.toString(hidden));
            }
        }
        NetworkOptions.DROPOUT.check((double) dropout);
        if (outputs <= 0) {
            throw new IllegalArgumentException("outputs must be positive, found " + outputs);
        }
        if (architecture == Architecture.CNN) {
            if (inputShape.length != 3) {
                throw new IllegalArgumentException("a CNN needs image inputs [channels, height, width], found "
                        + Arrays.toString(inputShape));
            }
            if (convChannels.length != 2) {
                throw new IllegalArgumentException("a CNN needs two convolution widths, found "
                        + Arrays.toString(convChannels));
            }
            if (inputShape[1] < 12 || inputShape[2] < 12) {
                throw new IllegalArgumentException("the CNN needs images of at least 12x12, found "
                        + Arrays.toString(inputShape));
            }
        } else if (convChannels.length != 0) {
            throw new IllegalArgumentException("an MLP has no convolutions, found " + Arrays.toString(convChannels));
        }
    }

    /** An MLP on inputs of the given shape (flattened). */
    public static NetworkSpec mlp(int[] inputShape, int[] hidden, Activation activation, float dropout, int outputs) {
        return new NetworkSpec(Architecture.MLP, inputShape, hidden, new int[0], activation, dropout, outputs);
    }

    /** The LeNet-5-like CNN of the benchmark protocol: conv 6 and 16 channels, dense 120 and 84. */
    public static NetworkSpec lenet(int[] inputShape, Activation activation, float dropout, int outputs) {
        return new NetworkSpec(Architecture.CNN, inputShape, new int[] {120, 84}, new int[] {6, 16}, activation,
                dropout, outputs);
    }

    /** The number of values in one input row. */
    public int inputSize() {
        int p = 1;
        for (int s : inputShape) {
            p *= s;
        }
        return p;
    }

    /**
     * The multiply-adds of one row's forward pass through the convolutions and dense layers (the work
     * that libtorch splits over its threads): Σ fan_in · fan_out over dense layers, and
     * out_h · out_w · 25 · c_in · c_out for each 5x5 convolution (the first padded by 2, the second
     * unpadded, each followed by a 2x2 max-pool).
     */
    public long multiplyAddsPerRow() {
        long macs = 0;
        long width = inputSize();
        if (architecture == Architecture.CNN) {
            long h = inputShape[1];
            long w = inputShape[2];
            macs += h * w * 25L * inputShape[0] * convChannels[0];
            h = (h / 2) - 4;
            w = (w / 2) - 4;
            macs += h * w * 25L * convChannels[0] * convChannels[1];
            width = (h / 2) * (w / 2) * convChannels[1];
        }
        for (int units : hidden) {
            macs += width * units;
            width = units;
        }
        return macs + width * outputs;
    }

    /**
     * The values of the widest layer output for one row: the first convolution's c·h·w for a CNN, else
     * the widest of the input, hidden and output layers.
     */
    public long widestActivation() {
        long widest = Math.max(inputSize(), outputs);
        for (int units : hidden) {
            widest = Math.max(widest, units);
        }
        if (architecture == Architecture.CNN) {
            widest = Math.max(widest, (long) convChannels[0] * inputShape[1] * inputShape[2]);
        }
        return widest;
    }

    /** The same structure with another output width. */
    public NetworkSpec withOutputs(int newOutputs) {
        return new NetworkSpec(architecture, inputShape, hidden, convChannels, activation, dropout, newOutputs);
    }

    /** The same structure with another dropout rate after each hidden activation (same parameters). */
    public NetworkSpec withDropout(float rate) {
        return new NetworkSpec(architecture, inputShape, hidden, convChannels, activation, rate, outputs);
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public int[] convChannels() {
        return convChannels.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s && architecture == s.architecture && Arrays.equals(inputShape, s.inputShape)
                && Arrays.equals(hidden, s.hidden) && Arrays.equals(convChannels, s.convChannels)
                && activation == s.activation && Float.compare(dropout, s.dropout) == 0 && outputs == s.outputs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(architecture, Arrays.hashCode(inputShape), Arrays.hashCode(hidden),
                Arrays.hashCode(convChannels), activation, dropout, outputs);
    }

    /**
     * The network in a few words for a user, e.g. {@code mlp 784-256-256-10, relu, dropout 0.1} or
     * {@code cnn: conv 6, 16 (5x5, max-pool 2), dense 120-84-10, relu}.
     */
    public String describe() {
        StringBuilder b = new StringBuilder(architecture.cliName());
        if (architecture == Architecture.CNN) {
            b.append(": conv ").append(Arrays.stream(convChannels).mapToObj(Integer::toString)
                    .collect(java.util.stream.Collectors.joining(", "))).append(" (5x5, max-pool 2), dense ");
        } else {
            b.append(' ').append(Arrays.stream(inputShape).reduce(1, (x, y) -> x * y)).append('-');
        }
        for (int h : hidden) {
            b.append(h).append('-');
        }
        b.append(outputs).append(", ").append(activation.cliName());
        if (dropout > 0) {
            b.append(", dropout ").append(dropout);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return architecture.cliName() + " in=" + Arrays.toString(inputShape) + " hidden=" + Arrays.toString(hidden)
                + (architecture == Architecture.CNN ? " conv=" + Arrays.toString(convChannels) : "")
                + " act=" + activation.cliName() + " dropout=" + dropout + " out=" + outputs;
    }
}
