package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.nn.Network;

/**
 * A Linear layer (one output position) of a network's flat {@code SequentialBlock}: its child index,
 * widths, and where its weight [out, in] (row-major) and bias [out] sit in the flat parameter vector θ.
 * Its per-sample Jacobian is one outer product g ãᵀ (see {@link AffineLayer}).
 */
public record LinearLayer(int child, int in, int out, int weightOffset, int biasOffset) implements AffineLayer {

    @Override
    public int positions() {
        return 1;
    }

    @Override
    public NDArray augmentedInputs(NDArray layerInput) {
        return LayerTaps.augment(layerInput);
    }

    @Override
    public NDArray outputGradients(NDArray probeGradient, int k, int rows) {
        return probeGradient.reshape(k, rows, out);
    }

    @Override
    public NDArray perSampleJacobians(NDArray inputs, NDArray grads) {
        long k = grads.getShape().get(0);
        long b = grads.getShape().get(1);
        return grads.reshape(k, b, out, 1).mul(inputs.reshape(1, b, 1, in + 1));
    }

    /** Σ_k Σ_b g_kbo² ã_bi², without forming the outer products. */
    @Override
    public NDArray squaredJacobianSum(NDArray inputs, NDArray grads) {
        return grads.square().sum(new int[] {0}).transpose().matMul(inputs.square());
    }

    /** The Linear layers of {@code net} in order. */
    public static List<LinearLayer> of(Network net) {
        List<LinearLayer> out = new ArrayList<>();
        for (AffineLayer l : AffineLayer.of(net)) {
            if (l instanceof LinearLayer linear) {
                out.add(linear);
            }
        }
        return out;
    }
}
