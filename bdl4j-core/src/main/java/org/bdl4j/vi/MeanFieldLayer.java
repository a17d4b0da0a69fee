package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import org.bdl4j.math.Softplus;

/**
 * A layer y = A(x; W) + b whose weights and biases have a mean-field Gaussian posterior (Bayes by
 * Backprop; Blundell, Cornebise, Kavukcuoglu &amp; Wierstra, ICML 2015): each W_k ~ N(μ_k, σ_k²),
 * b_j ~ N(μ_j, σ_j²), with σ = softplus(ρ) = log(1 + e^ρ) &gt; 0. A(x; W) is linear in x and in W
 * (a matrix product, a convolution); {@link #apply} is all a layer type defines, so the
 * {@link Estimator}s (how a forward pass is sampled) and the {@link Prior}s (the KL term) work with
 * every layer type alike: one class per layer type, not per estimator.
 *
 * <p>The variational parameters are leaves that require gradients, owned by the caller's manager.
 * Weights are [out channels, in channels, ...] as in DJL's Linear and Conv2d.
 */
abstract class MeanFieldLayer {
    final NDArray weightMean;
    final NDArray weightRho;
    final NDArray biasMean;
    final NDArray biasRho;

    MeanFieldLayer(NDManager manager, Shape weightShape, float[] weightMean, float[] weightRho, float[] biasMean,
            float[] biasRho) {
        Shape biasShape = new Shape(weightShape.get(0));
        this.weightMean = leaf(manager.create(weightMean, weightShape));
        this.weightRho = leaf(manager.create(weightRho, weightShape));
        this.biasMean = leaf(manager.create(biasMean, biasShape));
        this.biasRho = leaf(manager.create(biasRho, biasShape));
    }

    private static NDArray leaf(NDArray a) {
        a.setRequiresGradient(true);
        return a;
    }

    /**
     * A(x; weight) + bias, the deterministic layer at the given weights ({@code bias} may be null:
     * none). Implementations call DJL's own functional op, so that at the means it is the trained
     * network's layer to the last bit.
     */
    abstract NDArray apply(NDArray x, NDArray weight, NDArray bias);

    /** The layer at its means μ. */
    NDArray meanForward(NDArray x) {
        return apply(x, weightMean, biasMean);
    }

    List<NDArray> parameters() {
        return List.of(weightMean, weightRho, biasMean, biasRho);
    }

    NDArray weightSigma() {
        return Activation.softPlus(weightRho);
    }

    NDArray biasSigma() {
        return Activation.softPlus(biasRho);
    }

    /** KL(q ‖ p) of this layer's weights and biases; a Monte Carlo prior takes its draw from {@code noise}. */
    NDArray kl(Prior prior, WeightNoise noise) {
        boolean exact = prior.closedForm();
        NDArray w = prior.kl(weightMean, weightSigma(), exact ? null : noise.weight());
        return w.add(prior.kl(biasMean, biasSigma(), exact ? null : noise.bias()));
    }

    long inChannels() {
        return weightMean.getShape().get(1);
    }

    long outChannels() {
        return weightMean.getShape().get(0);
    }

    /** ρ = softplus⁻¹(σ) = log(e^σ − 1) ({@link Softplus#inverse}), as a float. */
    static float softplusInverse(double sigma) {
        return (float) Softplus.inverse(sigma);
    }
}
