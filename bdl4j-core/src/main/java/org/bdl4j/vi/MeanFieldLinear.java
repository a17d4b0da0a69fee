package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * A fully connected layer with a mean-field Gaussian posterior over its weights and biases
 * (Bayes by Backprop; Blundell, Cornebise, Kavukcuoglu &amp; Wierstra, ICML 2015): each W_ji ~ N(μ_ji, σ_ji²)
 * and b_j ~ N(μ_j, σ_j²) with σ = softplus(ρ) = log(1 + e^ρ) &gt; 0. The forward pass's sampling is
 * the {@link Estimator}'s; the layer only holds the variational parameters (leaves that require
 * gradients, owned by the caller's manager). Weight layout as DJL's Linear: W is out x in, y = x Wᵀ + b.
 */
final class MeanFieldLinear {
    final NDArray weightMean;
    final NDArray weightRho;
    final NDArray biasMean;
    final NDArray biasRho;

    MeanFieldLinear(NDManager manager, float[] weightMean, float[] biasMean, int in, int out, float rho) {
        this.weightMean = leaf(manager.create(weightMean, new Shape(out, in)));
        this.weightRho = leaf(manager.full(new Shape(out, in), rho));
        this.biasMean = leaf(manager.create(biasMean, new Shape(out)));
        this.biasRho = leaf(manager.full(new Shape(out), rho));
    }

    private static NDArray leaf(NDArray a) {
        a.setRequiresGradient(true);
        return a;
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

    /** KL(q ‖ N(0, 1/λ)) of this layer's weights and biases. */
    NDArray kl(double lambda) {
        return GaussianKl.of(weightMean, weightSigma(), lambda).add(GaussianKl.of(biasMean, biasSigma(), lambda));
    }

    long in() {
        return weightMean.getShape().get(1);
    }

    long out() {
        return weightMean.getShape().get(0);
    }
}
