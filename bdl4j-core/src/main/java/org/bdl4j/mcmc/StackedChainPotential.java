package org.bdl4j.mcmc;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.Collections;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.Scalars;
import org.bdl4j.nn.StackedMlp;
import org.bdl4j.train.Losses;

/**
 * {@link ChainPotential} for MLPs: the C chains' networks are the members of one {@link StackedMlp};
 * per chunk of rows one batched forward gives the C summed NLLs B·{@link Losses#memberMeanNll}, and
 * one backward of their sum gives each chain exactly its own ∇ (the members share no weights).
 */
final class StackedChainPotential implements ChainPotential {
    private final StackedMlp net;
    private final Likelihood likelihood;
    private final Dataset data;
    private final GaussianWeightPrior[] priors;
    private final float logSigma;

    /** @param initial any P-vector of the spec (every chain's network starts from it; overwritten on use) */
    StackedChainPotential(NetworkSpec spec, float[] initial, Likelihood likelihood, Dataset data, double sigmaNoise,
            GaussianWeightPrior[] priors, Device device) {
        this.likelihood = likelihood;
        this.data = data;
        this.priors = priors.clone();
        this.logSigma = (float) Math.log(sigmaNoise);
        this.net = StackedMlp.of(spec, Collections.nCopies(priors.length, initial), device);
    }

    @Override
    public double[] evaluate(float[][] thetas, float[][] grads) {
        net.set(Arrays.asList(thetas));
        int chains = thetas.length;
        double[] energy = new double[chains];
        int n = data.rows();
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            float[] nll;
            try (NDManager batch = net.manager().newSubManager()) {
                NDArray x = Inputs.rows(batch, data.features(), data.featureShape(), from, to);
                NDArray y = Inputs.truth(batch, likelihood, data, null, from, to);
                NDArray ls = likelihood == Likelihood.GAUSSIAN
                        ? batch.full(new Shape(chains), logSigma, DataType.FLOAT32) : null;
                try (GradientCollector gc = Inputs.gradientCollector()) {
                    NDArray out = net.forward(x, false);
                    NDArray sums = Losses.memberMeanNll(likelihood, out, y, ls)
                            .mul(Scalars.like(out, to - from));
                    gc.backward(sums.sum());
                    nll = sums.toFloatArray();
                }
            }
            float[][] g = net.gradients();
            for (int c = 0; c < chains; c++) {
                energy[c] += nll[c];
                for (int i = 0; i < g[c].length; i++) {
                    grads[c][i] = from == 0 ? g[c][i] : grads[c][i] + g[c][i];
                }
            }
        }
        for (int c = 0; c < chains; c++) {
            energy[c] += priors[c].addTo(thetas[c], grads[c]);
        }
        return energy;
    }

    @Override
    public void close() {
        net.close();
    }
}
