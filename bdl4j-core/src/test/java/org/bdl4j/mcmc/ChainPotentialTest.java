package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * The batched potential of C chains ({@link StackedChainPotential}) against C separate evaluations
 * of {@link Potential} on one network ({@link SequentialChainPotential}), for each likelihood, under a
 * prior per chain (fan-in priors, whose precisions differ by layer, and a uniform one). Both paths
 * add the prior through {@link GaussianWeightPrior}, so each chain's prior part is also checked by
 * hand: U minus U under a zero prior is ½ Σ_i λ_i θ_i², and its gradient λ_i θ_i, with chain c's
 * own precisions.
 */
class ChainPotentialTest {
    private static final int CHAINS = 3;

    private static void assertSameAsSequential(Likelihood likelihood, Dataset data, int outputs) {
        NetworkSpec spec = NetworkSpec.mlp(data.featureShape(), new int[] {6, 5}, Activation.TANH, 0f, outputs);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 1)) {
            int p = net.parameterCount();
            // a different λ_i per layer, and a different prior per chain
            GaussianWeightPrior[] priors = {GaussianWeightPrior.fanIn(net, 2.0), GaussianWeightPrior.uniform(0.5, p),
                    GaussianWeightPrior.fanIn(net, 0.3)};
            SplittableRandom r = new SplittableRandom(4);
            float[][] thetas = new float[CHAINS][p];
            for (float[] t : thetas) {
                for (int i = 0; i < p; i++) {
                    t[i] = (float) (0.7 * r.nextGaussian());
                }
            }
            float[][] stackedGrad = new float[CHAINS][p];
            float[][] loopGrad = new float[CHAINS][p];
            double[] stacked;
            try (ChainPotential u = new StackedChainPotential(spec, net.parameters(), likelihood, data, 0.3, priors,
                    net.device())) {
                stacked = u.evaluate(thetas, stackedGrad);
            }
            double[] loop = new SequentialChainPotential(net, likelihood, data, 0.3, priors).evaluate(thetas, loopGrad);
            GaussianWeightPrior[] flat = new GaussianWeightPrior[CHAINS];
            Arrays.fill(flat, GaussianWeightPrior.uniform(0, p));
            float[][] likelihoodGrad = new float[CHAINS][p];
            double[] likelihoodOnly;
            try (ChainPotential u = new StackedChainPotential(spec, net.parameters(), likelihood, data, 0.3, flat,
                    net.device())) {
                likelihoodOnly = u.evaluate(thetas, likelihoodGrad);
            }
            for (int c = 0; c < CHAINS; c++) {
                assertThat(stacked[c]).as("U of chain %d", c).isCloseTo(loop[c], within(1e-5 * Math.abs(loop[c])));
                double scale = 0;
                for (float g : loopGrad[c]) {
                    scale = Math.max(scale, Math.abs(g));
                }
                float[] lambda = priors[c].precisions();
                double half = 0;
                for (int i = 0; i < p; i++) {
                    assertThat((double) stackedGrad[c][i]).as("dU/dθ_%d of chain %d", i, c)
                            .isCloseTo(loopGrad[c][i], within(1e-5 * scale));
                    assertThat((double) stackedGrad[c][i] - likelihoodGrad[c][i]).as("prior's dU/dθ_%d of chain %d", i, c)
                            .isCloseTo(lambda[i] * (double) thetas[c][i], within(1e-5 * scale));
                    half += 0.5 * lambda[i] * thetas[c][i] * (double) thetas[c][i];
                }
                assertThat(stacked[c] - likelihoodOnly[c]).as("the prior's part of U of chain %d", c)
                        .isCloseTo(half, within(1e-5 * Math.abs(loop[c])));
            }
        }
    }

    @Test
    void gaussianRegression() {
        assertSameAsSequential(Likelihood.GAUSSIAN, TestTables.linearRegression(50, new double[] {1, -2}, 0.5, 0.3, 1, 3),
                1);
    }

    @Test
    void heteroscedasticRegression() {
        assertSameAsSequential(Likelihood.HETEROSCEDASTIC_GAUSSIAN,
                TestTables.linearRegression(50, new double[] {1, -2}, 0.5, 0.3, 1, 3), 2);
    }

    @Test
    void classification() {
        assertSameAsSequential(Likelihood.CATEGORICAL, TestTables.blobs(60, 2, 3, 5), 3);
    }
}
