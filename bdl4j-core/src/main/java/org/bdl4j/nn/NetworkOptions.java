package org.bdl4j.nn;

import java.util.Arrays;
import java.util.List;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Rule;
import org.bdl4j.options.ValueType;

/**
 * The options that shape a network ({@link NetworkSpec}) as descriptors, and the spec they give for
 * rows of a given shape.
 */
public final class NetworkOptions {
    /** Positive integers separated by commas; {@code none} (or nothing) for no hidden layer. */
    public static final ValueType<int[]> LAYER_SIZES = new ValueType<>(int[].class,
            "positive integers separated by commas, or 'none'", NetworkOptions::parseSizes, NetworkOptions::formatSizes,
            List.of());

    public static final OptionDescriptor<int[]> HIDDEN = OptionDescriptor.of("hidden", LAYER_SIZES, new int[] {64, 64})
            .withLabel("SIZES").withHelp("Hidden layer widths, comma-separated; 'none' = a linear model (a CNN's"
                    + " dense layers, default 120,84 there).");
    public static final OptionDescriptor<ArchitectureChoice> ARCH = OptionDescriptor.choice("arch",
            ArchitectureChoice.class, ArchitectureChoice.AUTO).withHelp("Network family; auto = cnn for image data,"
                    + " else mlp.");
    public static final OptionDescriptor<Activation> ACTIVATION = OptionDescriptor.choice("activation",
            Activation.class, Activation.RELU).withHelp("The non-linearity after each hidden layer.");
    public static final OptionDescriptor<Double> DROPOUT = OptionDescriptor.number("dropout", 0.0)
            .withRule(Rule.interval(0, true, 1, false)).withLabel("P")
            .withHelp("Dropout rate after each hidden layer.");

    public static final OptionDescriptor<int[]> CONV = OptionDescriptor.of("conv", LAYER_SIZES,
            NetworkSpec.LENET_CONVOLUTIONS.clone())
            .withRule(new Rule<>("one or more channel counts", c -> c.length > 0)).withLabel("CHANNELS")
            .withHelp("A CNN's 5x5 convolutions, their output channels in order; a 2x2 max-pool follows each of the"
                    + " first two (6,16,120 with --conv-padding same is uncertainty-baselines' LeNet-5).");
    public static final OptionDescriptor<ConvPadding> CONV_PADDING = OptionDescriptor.choice("conv-padding",
            ConvPadding.class, ConvPadding.LENET).withHelp("lenet = the first convolution padded by 2, the others"
                    + " unpadded; same = every convolution keeps its input's size.");

    public static final List<OptionDescriptor<?>> ALL = List.of(HIDDEN, ARCH, CONV, CONV_PADDING, ACTIVATION,
            DROPOUT);

    /** The dense layers of the CNN when no hidden sizes are given (LeNet-5's 120 and 84). */
    private static final int[] LENET_DENSE = {120, 84};

    private NetworkOptions() {}

    /** The network these options describe for rows of {@code inputShape}; its outputs are set when fitting. */
    public static NetworkSpec spec(OptionValues o, int[] inputShape) {
        Architecture a = o.get(ARCH).resolve(inputShape);
        int[] hidden = o.get(HIDDEN);
        float dropout = o.get(DROPOUT).floatValue();
        if (a == Architecture.CNN) {
            return new NetworkSpec(Architecture.CNN, inputShape, hidden.length == 0 ? LENET_DENSE : hidden,
                    o.get(CONV), o.get(CONV_PADDING), o.get(ACTIVATION), dropout, 1);
        }
        for (OptionDescriptor<?> convolutional : List.of(CONV, CONV_PADDING)) {
            if (o.isSet(convolutional)) {
                throw new InvalidOptionException(convolutional.name(), "{" + convolutional.name()
                        + "} shapes a CNN's convolutions, and the network is an MLP (rows of shape "
                        + Arrays.toString(inputShape) + "; {" + ARCH.name() + "} cnn needs images)");
            }
        }
        return NetworkSpec.mlp(inputShape, hidden, o.get(ACTIVATION), dropout, 1);
    }

    private static int[] parseSizes(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("none")) {
            return new int[0];
        }
        String[] parts = t.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
            if (out[i] <= 0) {
                throw new IllegalArgumentException("not positive: " + out[i]);
            }
        }
        return out;
    }

    private static String formatSizes(int[] sizes) {
        if (sizes.length == 0) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            s.append(i == 0 ? "" : ",").append(sizes[i]);
        }
        return s.toString();
    }
}
