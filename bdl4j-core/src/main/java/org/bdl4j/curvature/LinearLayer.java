package org.bdl4j.curvature;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.nn.Network;

/**
 * A Linear layer of a network's flat {@code SequentialBlock}: its child index, widths, and where its
 * weight [out, in] (row-major) and bias [out] sit in the flat parameter vector θ.
 *
 * <p>Curvature code orders a layer's parameters in the augmented layout [out, in + 1]: row o holds
 * the weights of output o followed by its bias, index o·(in+1) + i; {@link #flatIndex} maps it back.
 */
public record LinearLayer(int child, int in, int out, int weightOffset, int biasOffset) {

    /** The number of parameters, out·(in + 1). */
    public int size() {
        return out * (in + 1);
    }

    /** The θ index of augmented entry (o, i); i = in is the bias. */
    public int flatIndex(int o, int i) {
        return i == in ? biasOffset + o : weightOffset + o * in + i;
    }

    /** The Linear layers of {@code net} in order. */
    public static List<LinearLayer> of(Network net) {
        List<LinearLayer> out = new ArrayList<>();
        int offset = 0;
        int child = 0;
        for (Pair<String, Block> p : net.block().getChildren()) {
            Block b = p.getValue();
            int weight = -1;
            int bias = -1;
            long[] weightShape = null;
            for (Pair<String, Parameter> param : b.getParameters()) {
                long size = param.getValue().getArray().size();
                String name = param.getValue().getName();
                if (b instanceof Linear && name.equals("weight")) {
                    weight = offset;
                    weightShape = param.getValue().getArray().getShape().getShape();
                } else if (b instanceof Linear && name.equals("bias")) {
                    bias = offset;
                }
                offset += Math.toIntExact(size);
            }
            if (b instanceof Linear) {
                if (weight < 0 || bias < 0) {
                    throw new IllegalArgumentException("Linear layer " + child + " needs a weight and a bias");
                }
                out.add(new LinearLayer(child, (int) weightShape[1], (int) weightShape[0], weight, bias));
            }
            child++;
        }
        return out;
    }
}
