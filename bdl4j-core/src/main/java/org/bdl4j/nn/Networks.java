package org.bdl4j.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Builds DJL blocks from a {@link NetworkSpec}.
 *
 * <p>The result is a flat {@link SequentialBlock} whose children are the layers in order (flatten,
 * linear, activation, dropout, ...), so that curvature code can run the children one by one and keep
 * each layer's input. Weights are initialised as PyTorch does by default for linear and convolution
 * layers, U(-1/sqrt(fan_in), 1/sqrt(fan_in)); biases start at zero.
 */
public final class Networks {
    private Networks() {}

    /** The block for {@code spec}; dropout layers follow {@code mode}. */
    public static SequentialBlock build(NetworkSpec spec, DropoutMode mode) {
        SequentialBlock net = new SequentialBlock();
        if (spec.architecture() == Architecture.CNN) {
            int[] c = spec.convChannels();
            for (int k = 0; k < c.length; k++) {
                int pad = spec.convPadding().padding(k);
                net.add(Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(pad, pad))
                        .setFilters(c[k]).build());
                net.add(spec.activation().block());
                if (NetworkSpec.pooledAfter(k)) {
                    net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
                }
            }
        }
        net.add(Blocks.batchFlattenBlock());
        for (int h : spec.hidden()) {
            net.add(Linear.builder().setUnits(h).build());
            net.add(spec.activation().block());
            if (spec.dropout() > 0f) {
                net.add(dropout(spec.dropout(), mode));
            }
        }
        net.add(Linear.builder().setUnits(spec.outputs()).build());
        net.setInitializer(defaultWeightInitializer(), Parameter.Type.WEIGHT);
        return net;
    }

    /** The input shape of a batch of {@code batch} rows. */
    public static Shape batchShape(NetworkSpec spec, long batch) {
        int[] in = spec.inputShape();
        long[] dims = new long[in.length + 1];
        dims[0] = batch;
        for (int i = 0; i < in.length; i++) {
            dims[i + 1] = in[i];
        }
        return new Shape(dims);
    }

    private static Block dropout(float rate, DropoutMode mode) {
        return mode == DropoutMode.ALWAYS_ON ? new AlwaysOnDropout(rate) : new TrainingDropout(rate);
    }

    /** U(-1/sqrt(fan_in), 1/sqrt(fan_in)), PyTorch's default for Linear and Conv2d weights. */
    static Initializer defaultWeightInitializer() {
        return new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1f);
    }
}
