package org.bdl4j.mcmc;

import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Architecture;
import org.bdl4j.nn.Network;

/**
 * The potential U(θ) = Σ_{n=1}^{N} -log p(y_n | x_n, θ) + (1/2) Σ_i λ_i θ_i² of {@link Potential} and its
 * full-batch gradient, evaluated at the positions of C chains at once, so that chains can advance in
 * lockstep. For MLPs the C networks run as one {@link StackedChainPotential batched forward and
 * backward} (tiny networks then pay the per-operation overhead once, not C times); other
 * architectures loop over the chains ({@link SequentialChainPotential}).
 */
interface ChainPotential extends AutoCloseable {
    /** Rows per forward pass. */
    int CHUNK = 4096;

    /**
     * U(θ_c) for every chain c, returned, with ∇U(θ_c) written into {@code grads[c]}.
     *
     * @param thetas C positions of P values
     */
    double[] evaluate(float[][] thetas, float[][] grads);

    @Override
    void close();

    /**
     * The batched form for MLPs, else the loop over chains; chain c under {@code priors[c]}.
     *
     * @param net a working network of the posterior's spec (its weights are overwritten)
     * @param data the training rows in network units
     */
    static ChainPotential of(Network net, Likelihood likelihood, Dataset data, double sigmaNoise,
            GaussianWeightPrior[] priors) {
        if (net.spec().architecture() == Architecture.MLP) {
            return new StackedChainPotential(net.spec(), net.parameters(), likelihood, data, sigmaNoise, priors,
                    net.device());
        }
        return new SequentialChainPotential(net, likelihood, data, sigmaNoise, priors);
    }
}
