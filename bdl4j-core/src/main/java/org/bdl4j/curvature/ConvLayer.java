package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A Conv2d layer (groups 1) of a network's flat {@code SequentialBlock}, seen as a Linear layer
 * applied at each of its T = outHeight·outWidth output positions to the flattened patch of its input
 * under the kernel (the "unfolded" input of Grosse &amp; Martens 2016): in = C_in·kh·kw, weight
 * [out, C_in, kh, kw] flattened row-major to [out, in].
 *
 * <p>The patches are cut out of the (zero-padded) input by strided slices, one per kernel offset, so
 * they are the exact input values (no arithmetic): patch (c, i, j) at output position (r, s) is
 * a[c, r·stride_h + i·dilation_h - pad_h, s·stride_w + j·dilation_w - pad_w].
 *
 * @param inChannels C_in
 * @param window kernel, stride, padding and dilation
 * @param outHeight the output's height, outWidth its width (for the network's input shape)
 */
public record ConvLayer(int child, int inChannels, Window window, int out, int outHeight, int outWidth,
        int weightOffset, int biasOffset) implements AffineLayer {

    /** The kernel size, stride, zero padding and dilation along height and width. */
    public record Window(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int padHeight,
            int padWidth, int dilationHeight, int dilationWidth) {}

    /** The layer of an initialised Conv2d block. */
    static ConvLayer of(int child, Conv2d conv, int weightOffset, int biasOffset) {
        if (conv.getGroups() != 1) {
            throw new IllegalArgumentException("layer " + child + ": curvature supports convolutions with groups = 1,"
                    + " found groups = " + conv.getGroups());
        }
        Shape kernel = conv.getKernelShape();
        Shape stride = conv.getStride();
        Shape pad = conv.getPadding();
        Shape dilation = conv.getDilation();
        Shape input = conv.getInputShapes()[0];
        Shape output = conv.getOutputShapes(new Shape[] {input})[0];
        Window w = new Window((int) kernel.get(0), (int) kernel.get(1), (int) stride.get(0), (int) stride.get(1),
                (int) pad.get(0), (int) pad.get(1), (int) dilation.get(0), (int) dilation.get(1));
        return new ConvLayer(child, (int) input.get(1), w, conv.getFilters(), (int) output.get(2),
                (int) output.get(3), weightOffset, biasOffset);
    }

    @Override
    public int in() {
        return inChannels * window.kernelHeight() * window.kernelWidth();
    }

    @Override
    public int positions() {
        return outHeight * outWidth;
    }

    /** The patches [B, T, in] of an input batch [B, C_in, H, W], position t = r·outWidth + s. */
    public NDArray patches(NDArray input) {
        Window w = window;
        long b = input.getShape().get(0);
        NDArray padded = w.padHeight() == 0 && w.padWidth() == 0 ? input
                : input.pad(new Shape(w.padWidth(), w.padWidth(), w.padHeight(), w.padHeight()), 0);
        NDList offsets = new NDList();
        for (int i = 0; i < w.kernelHeight(); i++) {
            int r0 = i * w.dilationHeight();
            String rows = r0 + ":" + (r0 + w.strideHeight() * (outHeight - 1) + 1) + ":" + w.strideHeight();
            for (int j = 0; j < w.kernelWidth(); j++) {
                int c0 = j * w.dilationWidth();
                String cols = c0 + ":" + (c0 + w.strideWidth() * (outWidth - 1) + 1) + ":" + w.strideWidth();
                offsets.add(padded.get(":, :, " + rows + ", " + cols)); // [B, C_in, outH, outW]
            }
        }
        NDArray stacked = NDArrays.stack(offsets, 2); // [B, C_in, kh·kw, outH, outW]
        return stacked.reshape(b, in(), positions()).transpose(0, 2, 1);
    }

    @Override
    public NDArray augmentedInputs(NDArray layerInput) {
        NDArray p = patches(layerInput);
        long b = p.getShape().get(0);
        NDArray ones = p.getManager().ones(new Shape(b, positions(), 1), p.getDataType());
        return NDArrays.concat(new NDList(p, ones), 2);
    }

    @Override
    public NDArray outputGradients(NDArray probeGradient, int k, int rows) {
        return probeGradient.reshape(k, rows, out, positions()).transpose(0, 1, 3, 2);
    }

    /** M_kb = Σ_t g_kbt ã_btᵀ by one batched product per sample: [B, K·out, T] x [B, T, in + 1]. */
    @Override
    public NDArray perSampleJacobians(NDArray inputs, NDArray grads) {
        long k = grads.getShape().get(0);
        long b = grads.getShape().get(1);
        NDArray g = grads.transpose(1, 0, 3, 2).reshape(b, k * out, positions());
        return g.batchMatMul(inputs).reshape(b, k, out, in() + 1).transpose(1, 0, 2, 3);
    }

    @Override
    public NDArray squaredJacobianSum(NDArray inputs, NDArray grads) {
        return perSampleJacobians(inputs, grads).square().sum(new int[] {0, 1});
    }
}
