package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.nn.Network;

/**
 * A layer of a network's flat {@code SequentialBlock} that computes h = W ã at each of its output
 * positions: a weight matrix W̃ = [W | b] of shape [out, in + 1] applied to inputs with a bias 1,
 * ã = (a, 1). {@link LinearLayer}: one position, a = the layer's input. {@link ConvLayer}: a = the
 * flattened receptive field (patch) of each of the output's height x width positions, in = C_in·kh·kw.
 *
 * <p>Curvature code orders a layer's parameters in the augmented layout [out, in + 1]: row o holds the
 * weights of output o (for a convolution in the order (c, i, j) of its [out, C_in, kh, kw] weight)
 * followed by its bias, index o·(in+1) + i; {@link #flatIndex} maps it back to θ.
 *
 * <p>Per sample and cotangent, with g_t = ∂(vᵀf)/∂h_t the gradient at output position t, the Jacobian
 * of vᵀf with respect to W̃ is M = Σ_t g_t ã_tᵀ ([out, in + 1]); for a Linear layer g ãᵀ, one outer
 * product.
 */
public sealed interface AffineLayer permits LinearLayer, ConvLayer {

    /** The child index in the network's {@code SequentialBlock}. */
    int child();

    /** The fan-in without the bias. */
    int in();

    /** The number of outputs (units or channels). */
    int out();

    /** Where the weight (row-major, [out, in] or [out, C_in, kh, kw]) starts in θ. */
    int weightOffset();

    /** Where the bias [out] starts in θ. */
    int biasOffset();

    /** The number of output positions T sharing the weights: 1, or height x width of a convolution's output. */
    int positions();

    /** The number of parameters, out·(in + 1). */
    default int size() {
        return out() * (in() + 1);
    }

    /** The θ index of augmented entry (o, i); i = in is the bias. */
    default int flatIndex(int o, int i) {
        return i == in() ? biasOffset() + o : weightOffset() + o * in() + i;
    }

    /**
     * The augmented inputs ã of a batch from the layer's input: [B, in + 1] for a Linear layer,
     * [B, T, in + 1] (one patch per output position) for a convolution.
     */
    NDArray augmentedInputs(NDArray layerInput);

    /**
     * The output gradients g from the gradient of a probe added to the layer's output of a batch tiled
     * K times ([K·B, ...]): [K, B, out] for a Linear layer, [K, B, T, out] for a convolution.
     */
    NDArray outputGradients(NDArray probeGradient, int k, int rows);

    /**
     * The per-sample Jacobians M_kb = Σ_t g_kbt ã_btᵀ from {@link #augmentedInputs} and
     * {@link #outputGradients}, [K, B, out, in + 1].
     */
    NDArray perSampleJacobians(NDArray inputs, NDArray grads);

    /** Σ_k Σ_b M_kb ∘ M_kb, [out, in + 1]: the diagonal of the curvature of one batch. */
    NDArray squaredJacobianSum(NDArray inputs, NDArray grads);

    /**
     * The Linear and Conv2d layers of {@code net} in order, with their parameter offsets in θ (the
     * network's flat parameter order, see {@code FlatParameters}).
     *
     * @throws IllegalArgumentException for a Linear or Conv2d layer without a bias, or a grouped convolution
     */
    static List<AffineLayer> of(Network net) {
        List<AffineLayer> out = new ArrayList<>();
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
                if (name.equals("weight")) {
                    weight = offset;
                    weightShape = param.getValue().getArray().getShape().getShape();
                } else if (name.equals("bias")) {
                    bias = offset;
                }
                offset += Math.toIntExact(size);
            }
            if (b instanceof Linear || b instanceof Conv2d) {
                if (weight < 0 || bias < 0) {
                    throw new IllegalArgumentException("layer " + child + " (" + b.getClass().getSimpleName()
                            + ") needs a weight and a bias");
                }
                out.add(b instanceof Linear ? new LinearLayer(child, (int) weightShape[1], (int) weightShape[0], weight,
                        bias) : ConvLayer.of(child, (Conv2d) b, weight, bias));
            }
            child++;
        }
        return out;
    }
}
