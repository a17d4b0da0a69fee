package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

class NllGradientTest {
    /**
     * A linear model f(x) = w·x + b with Gaussian noise σ: E = Σ_n [(y_n - f_n)²/(2σ²) + log σ + log(2π)/2],
     * ∂E/∂w = -Σ_n r_n x_n / σ², ∂E/∂b = -Σ_n r_n / σ², computed here in double precision. Asking
     * twice must give the same gradient (the accumulated gradients are zeroed in between).
     */
    @Test
    void linearGaussianGradientMatchesTheClosedForm() {
        Dataset data = TestTables.linearRegression(50, new double[] {1.0, -2.0}, 0.5, 0.3, 1.0, 4);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[0], Activation.RELU, 0f, 1);
        double sigma = 0.7;
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 5)) {
            float[] theta = net.parameters(); // [w1, w2, b] (weight then bias)
            NllGradient g = new NllGradient(net, Likelihood.GAUSSIAN, data, sigma, false);
            float[] grad = new float[3];
            double e = g.sumNll(grad, 16);
            double eRef = 0;
            double[] ref = new double[3];
            float[] x = data.features();
            for (int n = 0; n < data.rows(); n++) {
                double f = theta[0] * x[2 * n] + theta[1] * x[2 * n + 1] + theta[2];
                double r = data.targets()[n] - f;
                eRef += r * r / (2 * sigma * sigma) + Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
                ref[0] -= r * x[2 * n] / (sigma * sigma);
                ref[1] -= r * x[2 * n + 1] / (sigma * sigma);
                ref[2] -= r / (sigma * sigma);
            }
            assertThat(e).isCloseTo(eRef, within(1e-4 * Math.abs(eRef)));
            for (int i = 0; i < 3; i++) {
                assertThat((double) grad[i]).isCloseTo(ref[i], within(1e-4 * (1 + Math.abs(ref[i]))));
            }
            float[] again = new float[3];
            g.sumNll(again, 50);
            assertThat(again).containsExactly(grad, org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    /** Repeated gradients leave no engine arrays behind (the per-call sub-manager is closed). */
    @Test
    void repeatedCallsKeepTheLiveArrayCountFlat() {
        Dataset data = TestTables.linearRegression(64, new double[] {1.0, -2.0}, 0.5, 0.3, 1.0, 4);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.TANH, 0f, 1);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 5)) {
            NllGradient g = new NllGradient(net, Likelihood.GAUSSIAN, data, 0.5, false);
            float[] grad = new float[net.parameterCount()];
            g.sumNll(grad, 16);
            int before = LeakProbe.liveArrays();
            for (int i = 0; i < 200; i++) {
                g.sumNll(grad, 16);
            }
            assertThat(LeakProbe.liveArrays()).isEqualTo(before);
        }
    }
}
