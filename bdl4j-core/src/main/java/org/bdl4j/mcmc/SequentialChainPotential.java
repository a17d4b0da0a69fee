package org.bdl4j.mcmc;

import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Network;
import org.bdl4j.train.NllGradient;

/** {@link ChainPotential} by one {@link Potential} evaluation per chain on a shared working network. */
final class SequentialChainPotential implements ChainPotential {
    private final Network net;
    private final Potential u;

    SequentialChainPotential(Network net, Likelihood likelihood, Dataset data, double sigmaNoise,
            GaussianWeightPrior prior) {
        this.net = net;
        this.u = new Potential(new NllGradient(net, likelihood, data, sigmaNoise, false), prior, CHUNK);
    }

    @Override
    public double[] evaluate(float[][] thetas, float[][] grads) {
        double[] energy = new double[thetas.length];
        for (int c = 0; c < thetas.length; c++) {
            net.setParameters(thetas[c]);
            energy[c] = u.full(thetas[c], grads[c]);
        }
        return energy;
    }

    @Override
    public void close() {
        // the network belongs to the caller
    }
}
