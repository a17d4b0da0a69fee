package org.bdl4j.ood;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.ByteOrder;
import java.util.List;
import org.bdl4j.curvature.LinearLayer;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkOutputs;

/**
 * What a network computes on the way to its prediction, over many rows in evaluation mode, batch by
 * batch ({@link NetworkOutputs#batchRows} rows; each batch's native memory freed before the next), without
 * gradients: the logits, averaged over several networks, and the features of the last hidden layer
 * (the input of the last Linear layer).
 */
final class NetworkActivations {
    private NetworkActivations() {}

    /**
     * The mean logits (1/M) Σ_m f_m(x) of {@code networks}, n x C row-major.
     *
     * @param features rows in network units
     */
    static double[] meanLogits(List<Network> networks, float[] features, int[] rowShape, int rows) {
        int outputs = networks.get(0).spec().outputs();
        double[] mean = new double[rows * outputs];
        for (Network net : networks) {
            float[] f = NetworkOutputs.compute(net, features, rowShape, rows, false);
            for (int i = 0; i < f.length; i++) {
                mean[i] += (double) f[i] / networks.size();
            }
        }
        return mean;
    }

    /** The width of the last hidden layer: the input width of the last Linear layer. */
    static int featureWidth(Network net) {
        return lastLinear(net).in();
    }

    /**
     * The last hidden layer's features of each row, n x {@link #featureWidth} row-major: the network's
     * blocks run up to, not including, its last Linear layer.
     */
    static float[] lastHidden(Network net, float[] features, int[] rowShape, int rows) {
        LinearLayer last = lastLinear(net);
        int width = last.in();
        float[] out = new float[rows * width];
        PairList<String, Block> children = net.block().getChildren();
        ParameterStore ps = net.parameterStore();
        int step = NetworkOutputs.batchRows(net.spec());
        Inputs.withoutGradients(() -> {
            for (int from = 0; from < rows; from += step) {
                int to = Math.min(rows, from + step);
                try (NDManager batch = net.manager().newSubManager()) {
                    NDList cur = new NDList(Inputs.rows(batch, features, rowShape, from, to));
                    for (int i = 0; i < last.child(); i++) {
                        cur = children.get(i).getValue().forward(ps, cur, false);
                    }
                    NDArray h = cur.singletonOrThrow().reshape(to - from, width);
                    h.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer()
                            .get(out, from * width, (to - from) * width);
                }
            }
            return null;
        });
        return out;
    }

    private static LinearLayer lastLinear(Network net) {
        List<LinearLayer> linear = LinearLayer.of(net);
        if (linear.isEmpty()) {
            throw new IllegalArgumentException("the network has no Linear layer");
        }
        return linear.get(linear.size() - 1);
    }
}
