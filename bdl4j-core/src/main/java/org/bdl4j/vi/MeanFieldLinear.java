package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * A fully connected mean-field layer, y = x Wᵀ + b with W [out, in] and x [B, in] (DJL's Linear).
 */
final class MeanFieldLinear extends MeanFieldLayer {

    MeanFieldLinear(NDManager manager, int in, int out, float[] weightMean, float[] weightRho, float[] biasMean,
            float[] biasRho) {
        super(manager, new Shape(out, in), weightMean, weightRho, biasMean, biasRho);
    }

    @Override
    NDArray apply(NDArray x, NDArray weight, NDArray bias) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }
}
