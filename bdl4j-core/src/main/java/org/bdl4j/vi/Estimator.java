package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.bdl4j.options.EnumNames;

/**
 * How a {@link MeanFieldLayer} y = A(x; W) + b turns its weight distribution into a differentiable,
 * sampled output for a batch x (B rows); ε ~ N(0, 1) and s, r ∈ {±1} are fresh per call. A is linear
 * in x and in W (a matrix product or a convolution), so all three estimators work for every layer
 * type and have the same expectation A(x; μ_W) + μ_b and the same marginal variance per output
 * element, A(x²; σ_W²) + σ_b² (independent weights); they differ in the correlation between the rows
 * of a batch, hence in gradient variance.
 */
public enum Estimator implements EnumNames.Named {
    /**
     * The reparameterisation trick (Kingma &amp; Welling 2014; Blundell et al. 2015): one weight sample
     * W = μ + σ ⊙ ε shared by the whole batch, y = A(x; W) + b.
     */
    REPARAM {
        @Override
        NDArray forward(MeanFieldLayer layer, NDArray x, WeightNoise eps, NDManager noise) {
            NDArray w = layer.weightMean.add(layer.weightSigma().mul(eps.weight()));
            return layer.apply(x, w, sampledBias(layer, eps));
        }
    },
    /**
     * The local reparameterisation trick (Kingma, Salimans &amp; Welling 2015): sample the
     * pre-activations, independent per row (and, for a convolution, per output position):
     * y = A(x; μ_W) + μ_b + √(A(x²; σ_W²) + σ_b²) ⊙ ε. For a convolution this is conv(x, μ) plus
     * √conv(x², σ²) noise; it has the right marginals but drops the correlation between the output
     * positions of one image that a shared kernel sample would give.
     */
    LOCAL_REPARAM {
        @Override
        NDArray forward(MeanFieldLayer layer, NDArray x, WeightNoise eps, NDManager noise) {
            NDArray mean = layer.meanForward(x);
            NDArray var = layer.apply(x.square(), layer.weightSigma().square(), layer.biasSigma().square());
            return mean.add(var.sqrt().mul(noise.randomNormal(mean.getShape())));
        }
    },
    /**
     * Flipout (Wen, Vicol, Ba, Tran &amp; Grosse, ICLR 2018): one shared perturbation ΔW = σ ⊙ ε,
     * decorrelated across rows by random signs per example on the input and output channels,
     * y = A(x; μ_W) + A(x ⊙ s; ΔW) ⊙ r + b, s [B, in, 1...], r [B, out, 1...] (broadcast over a
     * convolution's positions). Each row's weights μ + ΔW ⊙ r sᵀ are a draw of q.
     */
    FLIPOUT {
        @Override
        NDArray forward(MeanFieldLayer layer, NDArray x, WeightNoise eps, NDManager noise) {
            long rows = x.getShape().get(0);
            int rank = x.getShape().dimension();
            NDArray delta = layer.weightSigma().mul(eps.weight());
            NDArray s = signs(noise, rows, layer.inChannels(), rank);
            NDArray r = signs(noise, rows, layer.outChannels(), rank);
            NDArray perturbation = layer.apply(x.mul(s), delta, null).mul(r);
            return layer.apply(x, layer.weightMean, sampledBias(layer, eps)).add(perturbation);
        }
    };

    /** The sampled output of {@code layer} for the batch {@code x}; noise arrays go to {@code noise}. */
    abstract NDArray forward(MeanFieldLayer layer, NDArray x, WeightNoise eps, NDManager noise);

    private static NDArray sampledBias(MeanFieldLayer layer, WeightNoise eps) {
        return layer.biasMean.add(layer.biasSigma().mul(eps.bias()));
    }

    /** Random ±1 of shape [rows, channels, 1, ...] (rank {@code rank}). */
    private static NDArray signs(NDManager noise, long rows, long channels, int rank) {
        long[] dims = new long[rank];
        Arrays.fill(dims, 1);
        dims[0] = rows;
        dims[1] = channels;
        return noise.randomNormal(new Shape(dims)).sign();
    }

    public String cliName() {
        return switch (this) {
            case REPARAM -> "reparam";
            case LOCAL_REPARAM -> "local";
            case FLIPOUT -> "flipout";
        };
    }

    public static Estimator parse(String text) {
        return EnumNames.parse(Estimator.class, text, "estimator");
    }
}
