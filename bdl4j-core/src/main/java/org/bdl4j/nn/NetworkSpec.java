package org.bdl4j.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * Everything needed to rebuild a network's structure (not its weights): saved in model manifests.
 *
 * @param architecture MLP or CNN
 * @param inputShape the shape of one input row, e.g. {@code [13]} or {@code [1, 28, 28]}
 * @param hidden the widths of the fully connected hidden layers (empty: a linear model for MLP)
 * @param convChannels the output channels of the CNN's 5x5 convolutions, in order (empty for MLP); a 2x2
 *     max-pool follows each of the first two, as LeNet-5's subsampling layers S2 and S4 do
 * @param convPadding how the convolutions are padded
 * @param activation the non-linearity after each hidden layer
 * @param dropout the drop probability after each fully connected hidden activation (0 = none)
 * @param outputs the width of the last layer (C logits, 1 mean, or 2 for mean and log-variance)
 */
public record NetworkSpec(Architecture architecture, int[] inputShape, int[] hidden, int[] convChannels,
        ConvPadding convPadding, Activation activation, float dropout, int outputs) {
    /** The convolutions of the classical LeNet-5 shape ({@link #lenet}) and of {@code --conv} by default. */
    static final int[] LENET_CONVOLUTIONS = {6, 16};
    /** The convolutions followed by a 2x2 max-pool: the first two. */
    private static final int POOLED_CONVOLUTIONS = 2;

    public NetworkSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(convPadding, "convPadding");
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
            if (convChannels.length == 0) {
                throw new IllegalArgumentException("a CNN needs at least one convolution");
            }
            for (int c : convChannels) {
                if (c <= 0) {
                    throw new IllegalArgumentException("convolution channels must be positive, found "
                            + Arrays.toString(convChannels));
                }
            }
            checkMapSizes(inputShape, convChannels.length, convPadding);
        } else if (convChannels.length != 0) {
            throw new IllegalArgumentException("an MLP has no convolutions, found " + Arrays.toString(convChannels));
        }
    }

    /** A spec whose convolutions (if any) are padded as in LeNet-5 ({@link ConvPadding#LENET}). */
    public NetworkSpec(Architecture architecture, int[] inputShape, int[] hidden, int[] convChannels,
            Activation activation, float dropout, int outputs) {
        this(architecture, inputShape, hidden, convChannels, ConvPadding.LENET, activation, dropout, outputs);
    }

    /** An MLP on inputs of the given shape (flattened). */
    public static NetworkSpec mlp(int[] inputShape, int[] hidden, Activation activation, float dropout, int outputs) {
        return new NetworkSpec(Architecture.MLP, inputShape, hidden, new int[0], activation, dropout, outputs);
    }

    /** The LeNet-5-like CNN of the benchmark protocol: conv 6 and 16 channels, dense 120 and 84. */
    public static NetworkSpec lenet(int[] inputShape, Activation activation, float dropout, int outputs) {
        return new NetworkSpec(Architecture.CNN, inputShape, new int[] {120, 84}, LENET_CONVOLUTIONS, activation,
                dropout, outputs);
    }

    /**
     * The LeNet-5 of google/uncertainty-baselines: convolutions of 6, 16 and 120 channels, all with
     * "same" padding, max-pools after the first two, then one dense layer of 84.
     */
    public static NetworkSpec uncertaintyBaselinesLenet(int[] inputShape, Activation activation, float dropout,
            int outputs) {
        return new NetworkSpec(Architecture.CNN, inputShape, new int[] {84}, new int[] {6, 16, 120},
                ConvPadding.SAME, activation, dropout, outputs);
    }

    /**
     * The height and width of each convolution's output before its pooling, from images of
     * {@code inputShape}; {@code [k][0]} and {@code [k][1]} for convolution k (below 1 where the maps
     * are too small for the kernel).
     */
    private static int[][] convOutputSides(int[] inputShape, int convolutions, ConvPadding padding) {
        int[][] sides = new int[convolutions][];
        for (int k = 0; k < convolutions; k++) {
            int[] in = convInputSides(inputShape, sides, k);
            sides[k] = new int[] {padding.outputSide(k, in[0]), padding.outputSide(k, in[1])};
        }
        return sides;
    }

    /** The height and width of the maps convolution k sees, from the outputs of those before it. */
    private static int[] convInputSides(int[] inputShape, int[][] outputSides, int k) {
        if (k == 0) {
            return new int[] {inputShape[1], inputShape[2]};
        }
        int[] before = outputSides[k - 1];
        return pooledAfter(k - 1) ? new int[] {before[0] / 2, before[1] / 2} : before;
    }

    private static void checkMapSizes(int[] inputShape, int convolutions, ConvPadding padding) {
        int[][] sides = convOutputSides(inputShape, convolutions, padding);
        for (int k = 0; k < convolutions; k++) {
            int[] out = sides[k];
            String tooSmall = out[0] < 1 || out[1] < 1 ? "smaller than its unpadded 5x5 kernel"
                    : pooledAfter(k) && (out[0] < 2 || out[1] < 2) ? "too small for the 2x2 max-pool after it" : null;
            if (tooSmall != null) {
                int[] in = convInputSides(inputShape, sides, k);
                throw new IllegalArgumentException("images of " + Arrays.toString(inputShape) + " are too small for "
                        + convolutions + " convolutions with " + padding.cliName() + " padding: convolution " + (k + 1)
                        + " sees " + in[0] + "x" + in[1] + " maps, " + tooSmall);
            }
        }
    }

    /** Whether convolution {@code index} (0 = first) is followed by a 2x2 max-pool. */
    public static boolean pooledAfter(int index) {
        return index < POOLED_CONVOLUTIONS;
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
     * out_h · out_w · 25 · c_in · c_out for each 5x5 convolution.
     */
    public long multiplyAddsPerRow() {
        long macs = 0;
        long width = inputSize();
        if (architecture == Architecture.CNN) {
            int[][] sides = convOutputSides(inputShape, convChannels.length, convPadding);
            long channels = inputShape[0];
            for (int k = 0; k < convChannels.length; k++) {
                macs += (long) sides[k][0] * sides[k][1] * 25L * channels * convChannels[k];
                channels = convChannels[k];
            }
            width = flattenedFeatures();
        }
        for (int units : hidden) {
            macs += width * units;
            width = units;
        }
        return macs + width * outputs;
    }

    /** The values a CNN's convolutions hand to its first dense layer (c · h · w of the last map), per row. */
    public long flattenedFeatures() {
        if (architecture != Architecture.CNN) {
            return inputSize();
        }
        int n = convChannels.length;
        int[] last = convInputSides(inputShape, convOutputSides(inputShape, n, convPadding), n);
        return (long) convChannels[n - 1] * last[0] * last[1];
    }

    /**
     * The values of the widest layer output for one row: the widest convolution output (c·h·w) for a CNN,
     * and the widest of the input, hidden and output layers.
     */
    public long widestActivation() {
        long widest = Math.max(inputSize(), outputs);
        for (int units : hidden) {
            widest = Math.max(widest, units);
        }
        if (architecture == Architecture.CNN) {
            int[][] sides = convOutputSides(inputShape, convChannels.length, convPadding);
            for (int k = 0; k < convChannels.length; k++) {
                widest = Math.max(widest, (long) convChannels[k] * sides[k][0] * sides[k][1]);
            }
        }
        return widest;
    }

    /** The same structure with another output width. */
    public NetworkSpec withOutputs(int newOutputs) {
        return new NetworkSpec(architecture, inputShape, hidden, convChannels, convPadding, activation, dropout,
                newOutputs);
    }

    /** The same structure with another dropout rate after each hidden activation (same parameters). */
    public NetworkSpec withDropout(float rate) {
        return new NetworkSpec(architecture, inputShape, hidden, convChannels, convPadding, activation, rate, outputs);
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
                && convPadding == s.convPadding && activation == s.activation
                && Float.compare(dropout, s.dropout) == 0 && outputs == s.outputs;
    }

    @Override
    public int hashCode() {
        return Objects.hash(architecture, Arrays.hashCode(inputShape), Arrays.hashCode(hidden),
                Arrays.hashCode(convChannels), convPadding, activation, dropout, outputs);
    }

    /**
     * The network in a few words for a user, e.g. {@code mlp 784-256-256-10, relu, dropout 0.1} or
     * {@code cnn: conv 6, 16 (5x5, max-pool 2), dense 120-84-10, relu} (with "same padding" after the
     * 5x5 for {@link ConvPadding#SAME}).
     */
    public String describe() {
        StringBuilder b = new StringBuilder(architecture.cliName());
        if (architecture == Architecture.CNN) {
            b.append(": conv ").append(Arrays.stream(convChannels).mapToObj(Integer::toString)
                    .collect(java.util.stream.Collectors.joining(", "))).append(" (5x5")
                    .append(convPadding == ConvPadding.SAME ? ", same padding" : "")
                    .append(convChannels.length > POOLED_CONVOLUTIONS ? ", max-pool 2 after the first two"
                            : ", max-pool 2")
                    .append("), dense ");
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
                + (architecture == Architecture.CNN ? " conv=" + Arrays.toString(convChannels) + " padding="
                        + convPadding.cliName() : "")
                + " act=" + activation.cliName() + " dropout=" + dropout + " out=" + outputs;
    }
}
