package org.bdl4j;

import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.mcmc.Hmc;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;

/**
 * The HMC reference posterior on {@code toy:regression-gap} that the tests compare against: 160 rows
 * (seed 11), a network of one hidden layer of 10 tanh units (31 weights) whose posterior full-batch
 * HMC mixes on within a test's budget, the prior N(0, 1) (λ = 1) and the MAP's noise σ.
 *
 * <p>HMC: 4 chains, each started at its own prior draw, 100 warm-up iterations (dual averaging to
 * acceptance 0.8), 100 kept draws each, L = 100 leapfrog steps; mixing is judged on the predictions at
 * 7 inputs across [-1.5, 1.5] (both clusters and the gap) and on the log posterior. Measured with
 * seeds 1-4 (this configuration and warm-ups of 150): split R̂ of the predictions 1.01-1.04, of the
 * log posterior 1.01-1.12, prediction ESS 70-240 of 400 draws.
 */
public final class GapReference {
    /** One hidden layer of 10 tanh units. */
    public static final NetworkSpec NET = NetworkSpec.mlp(new int[] {1}, new int[] {10}, Activation.TANH, 0f, 1);

    private GapReference() {}

    /** ToyData.regressionGap(160, 11). */
    public static Dataset train() {
        return ToyData.regressionGap(160, 11);
    }

    /** The inputs whose predictions diagnose mixing: 7 points evenly spaced over [-1.5, 1.5]. */
    public static Dataset probe() {
        return ToyData.grid(-1.5, 1.5, 7);
    }

    /** MAP training shared by the methods: Adam lr 0.01, batch 32, 150 epochs, λ = 1, seed 2. */
    public static MapTrainer mapTrainer() {
        return MapTrainer.builder().optEpochs(150).optBatchSize(32).optLearningRate(0.01).optPriorPrecision(1.0)
                .optSeed(2).build();
    }

    /** The MAP of {@link #NET} on {@code train} (standardised features and targets). */
    public static MapPosterior map(Dataset train) {
        return MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.GAUSSIAN).network(NET)
                .trainer(mapTrainer()).seed(2).build());
    }

    /** The reference sampler (see the class comment). */
    public static Hmc hmc() {
        return hmc(100);
    }

    /** The reference sampler with {@code draws} kept draws a chain instead of 100. */
    public static Hmc hmc(int draws) {
        return Hmc.builder().optChains(4).optStart(Hmc.Start.PRIOR).optWarmup(100).optDraws(draws)
                .optLeapfrogSteps(100).optDiagnosticInputs(probe()).optSeed(1).build();
    }
}
