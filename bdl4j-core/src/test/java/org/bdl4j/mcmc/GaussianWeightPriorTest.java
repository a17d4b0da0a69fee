package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * The samplers' Gaussian priors: the fan-in precisions by hand from the layer shapes (Neal 1996's
 * variance s/m), the potential's term and gradient by hand, and draws against the prior's variances.
 */
class GaussianWeightPriorTest {
    /** An MLP 3 → 4 → 2: W1 (4x3), b1 (4), W2 (2x4), b2 (2) in flat order. */
    private static Network mlp() {
        return Network.create(NetworkSpec.mlp(new int[] {3}, new int[] {4}, Activation.TANH, 0f, 2),
                DropoutMode.STANDARD, 1);
    }

    @Test
    void fanInPrecisionsAreFanInOverScaleForWeightsAndOneForBiases() {
        try (Network net = mlp()) {
            float[] p = GaussianWeightPrior.fanIn(net, 2.0).precisions();
            float[] expected = new float[12 + 4 + 8 + 2];
            java.util.Arrays.fill(expected, 0, 12, 3 / 2f);
            java.util.Arrays.fill(expected, 12, 16, 1f);
            java.util.Arrays.fill(expected, 16, 24, 4 / 2f);
            java.util.Arrays.fill(expected, 24, 26, 1f);
            assertThat(p).containsExactly(expected);
        }
    }

    @Test
    void aConvolutionsFanInIsItsInputChannelsTimesTheKernelArea() {
        NetworkSpec lenet = NetworkSpec.lenet(new int[] {1, 28, 28}, Activation.RELU, 0f, 10);
        try (Network net = Network.create(lenet, DropoutMode.STANDARD, 1)) {
            float[] p = GaussianWeightPrior.fanIn(net, 1.0).precisions();
            int c1 = lenet.convChannels()[0];
            assertThat(p[0]).isEqualTo(25f); // first conv: 1 channel x 5 x 5
            assertThat(p[c1 * 25]).isEqualTo(1f); // its first bias
            assertThat(p[c1 * 25 + c1]).isEqualTo(c1 * 25f); // second conv: c1 channels x 5 x 5
        }
    }

    @Test
    void thePotentialsTermIsHalfTheWeightedSquareAndItsGradientLambdaTheta() {
        try (Network net = mlp()) {
            GaussianWeightPrior prior = GaussianWeightPrior.fanIn(net, 1.0);
            float[] lambda = prior.precisions();
            float[] theta = new float[lambda.length];
            float[] grad = new float[lambda.length];
            double expected = 0;
            for (int i = 0; i < theta.length; i++) {
                theta[i] = 0.1f * (i - 7);
                grad[i] = 1f;
                expected += 0.5 * lambda[i] * theta[i] * theta[i];
            }
            assertThat(prior.addTo(theta, grad)).isCloseTo(expected, within(1e-9 * expected));
            for (int i = 0; i < theta.length; i++) {
                assertThat(grad[i]).isCloseTo(1f + lambda[i] * theta[i], within(1e-6f));
            }
        }
    }

    @Test
    void drawsHaveThePriorsVariancePerLayer() {
        try (Network net = mlp()) {
            GaussianWeightPrior prior = GaussianWeightPrior.fanIn(net, 1.0);
            SplittableRandom rng = new SplittableRandom(11);
            int n = 4000;
            double[] sq = new double[prior.size()];
            for (int k = 0; k < n; k++) {
                float[] t = prior.draw(rng);
                for (int i = 0; i < t.length; i++) {
                    sq[i] += (double) t[i] * t[i] / n;
                }
            }
            // W1's 12 weights pooled: variance 1/3 with 48,000 draws; relative standard error sqrt(2/48000) = 0.6%
            double w1 = 0;
            for (int i = 0; i < 12; i++) {
                w1 += sq[i] / 12;
            }
            assertThat(w1).isCloseTo(1 / 3.0, within(0.03 / 3)); // 5 standard errors
            double w2 = 0;
            for (int i = 16; i < 24; i++) {
                w2 += sq[i] / 8;
            }
            assertThat(w2).isCloseTo(1 / 4.0, within(0.04 / 4)); // 32,000 draws: 5 standard errors of 0.8%
        }
    }

    @Test
    void aUniformPriorOfZeroIsNotProperAndAFanInScaleMustBePositive() {
        assertThat(GaussianWeightPrior.uniform(0, 3).proper()).isFalse();
        assertThat(GaussianWeightPrior.uniform(2, 3).proper()).isTrue();
        assertThat(GaussianWeightPrior.uniform(2, 3).describe()).isEqualTo("uniform N(0, 1/λ), λ = 2.00");
        try (Network net = mlp()) {
            assertThat(GaussianWeightPrior.fanIn(net, 3).describe()).isEqualTo("fan-in N(0, s/fan-in), s = 3.00");
            assertThatThrownBy(() -> GaussianWeightPrior.fanIn(net, 0)).hasMessage(
                    "the fan-in prior's scale must be > 0, found 0.0");
        }
    }
}
