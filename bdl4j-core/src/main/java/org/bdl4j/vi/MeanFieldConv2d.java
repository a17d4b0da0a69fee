package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A 2-d convolution with a mean-field Gaussian posterior over its kernel [out, in, kh, kw] and bias
 * [out]: y = conv(x, W) + b for x [B, in, H, W'], with the stride, padding and dilation of the
 * deterministic layer it replaces (one group).
 */
final class MeanFieldConv2d extends MeanFieldLayer {
    private final Shape stride;
    private final Shape padding;
    private final Shape dilation;

    MeanFieldConv2d(NDManager manager, Shape kernel, Shape stride, Shape padding, Shape dilation, float[] weightMean,
            float[] weightRho, float[] biasMean, float[] biasRho) {
        super(manager, kernel, weightMean, weightRho, biasMean, biasRho);
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
    }

    @Override
    NDArray apply(NDArray x, NDArray weight, NDArray bias) {
        return Conv2d.conv2d(x, weight, bias, stride, padding, dilation).singletonOrThrow();
    }
}
