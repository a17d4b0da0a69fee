package org.bdl4j.mcmc;

import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Network;
import org.bdl4j.train.NllGradient;

/**
 * {@link ChainPotential} by one {@link Potential} evaluation per chain (chain c under its own prior)
 * on a shared working network.
 */
final class SequentialChainPotential implements ChainPotential {
    private final Network net;
    private final Potential[] u;

    SequentialChainPotential(Network net, Likelihood likelihood, Dataset data, double sigmaNoise,
            GaussianWeightPrior[] priors) {
        this.net = net;
        NllGradient nll = new NllGradient(net, likelihood, data, sigmaNoise, false);
        this.u = new Potential[priors.length];
        for (int c = 0; c < priors.length; c++) {
            u[c] = new Potential(nll, priors[c], CHUNK);
        }
    }

    @Override
    public double[] evaluate(float[][] thetas, float[][] grads) {
        if (thetas.length != u.length) {
            throw new IllegalArgumentException("this potential has " + u.length + " chains, found " + thetas.length);
        }
        double[] energy = new double[thetas.length];
        for (int c = 0; c < thetas.length; c++) {
            net.setParameters(thetas[c]);
            energy[c] = u[c].full(thetas[c], grads[c]);
        }
        return energy;
    }

    @Override
    public void close() {
        // the network belongs to the caller
    }
}
