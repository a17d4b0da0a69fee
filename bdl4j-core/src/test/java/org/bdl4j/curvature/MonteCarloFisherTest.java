package org.bdl4j.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * The Monte Carlo Fisher is an unbiased estimate of the GGN: with M = 2,000 sampled labels per row it
 * must lie within 5 Monte Carlo standard errors of the brute-force GGN of {@link ReferenceMlp} in
 * every entry. The standard error is exact, not estimated: entry (i, j) of one draw is
 * Σ_n (J_nᵀ r_n)_i (J_nᵀ r_n)_j with r_n = p_n - e_ỹ (ỹ ~ Cat(p_n)) or -ε/σ (ε ~ N(0, 1)), whose
 * variance is enumerated over the C labels (or is 2 x̃_i² x̃_j² / σ⁴ for the Gaussian), summed over
 * rows and divided by M. The float32 network adds the 1e-5 relative agreement of {@link CurvatureTest}.
 */
class MonteCarloFisherTest {
    private static final int D = 3;
    private static final int C = 3;
    private static final int M = 2000;

    @Test
    void categoricalMcFisherConvergesToTheGgnWithinFiveStandardErrors() {
        Dataset data = CurvatureTest.data(12, 5);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {D}, new int[] {4, 3}, Activation.TANH, 0f, C);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 9)) {
            List<LinearLayer> layers = LinearLayer.of(net);
            FullCurvature mc = new FullCurvature(layers);
            CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.MC_FISHER,
                    new FisherSamples(M, 11), 5, mc);
            double[] theta = Floats.toDoubles(net.parameters());
            int p = theta.length;
            ReferenceMlp ref = new ReferenceMlp(D, 4, 3, C);
            double[][] xs = CurvatureTest.rows(data);
            double[] ggn = ref.ggn(theta, xs);
            double[] variance = new double[p * p]; // of one draw's Σ_n z_n z_nᵀ, summed over independent rows
            for (double[] x : xs) {
                double[] prob = ReferenceMlp.softmax(ref.forward(theta, x));
                double[][] j = ref.jacobian(theta, x);
                double[] mean = new double[p * p];
                double[] second = new double[p * p];
                for (int y = 0; y < C; y++) {
                    double[] z = new double[p];
                    for (int k = 0; k < C; k++) {
                        double r = prob[k] - (k == y ? 1 : 0);
                        for (int q = 0; q < p; q++) {
                            z[q] += j[k][q] * r;
                        }
                    }
                    for (int a = 0; a < p; a++) {
                        for (int b = 0; b < p; b++) {
                            double v = z[a] * z[b];
                            mean[a * p + b] += prob[y] * v;
                            second[a * p + b] += prob[y] * v * v;
                        }
                    }
                }
                for (int e = 0; e < p * p; e++) {
                    variance[e] += second[e] - mean[e] * mean[e];
                }
            }
            double[] estimate = CurvatureTest.toFlatOrder(mc.matrix(), layers, p);
            double floatTolerance = 1e-5 * CurvatureTest.maxAbs(ggn);
            double z = maxStandardisedError(estimate, ggn, variance, floatTolerance);
            assertThat(z).as("max |MC - GGN| / s.e.").isLessThan(5);
            // the check has power: a GGN off by 10% is rejected
            double[] off = ggn.clone();
            for (int e = 0; e < off.length; e++) {
                off[e] *= 1.1;
            }
            assertThat(maxStandardisedError(estimate, off, variance, floatTolerance)).isGreaterThan(5);
        }
    }

    @Test
    void gaussianMcFisherConvergesToTheGgnWithinFiveStandardErrors() {
        int n = 15;
        double sigma = 0.4;
        Dataset data = CurvatureTest.gaussianData(n, 8);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {D}, new int[0], Activation.TANH, 0f, 1);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 6)) {
            List<LinearLayer> layers = LinearLayer.of(net);
            FullCurvature mc = new FullCurvature(layers);
            CurvatureSweep.run(net, layers, data, Likelihood.GAUSSIAN, sigma, CurvatureType.MC_FISHER,
                    new FisherSamples(M, 3), 4, mc);
            int p = D + 1; // weight [1, D] then bias: the augmented order
            double[] ggn = new double[p * p];
            double[] variance = new double[p * p];
            float[] x = data.features();
            for (int i = 0; i < n; i++) {
                double[] xt = {x[i * D], x[i * D + 1], x[i * D + 2], 1};
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        double v = xt[a] * xt[b] / (sigma * sigma);
                        ggn[a * p + b] += v; // E[ε²] = 1
                        variance[a * p + b] += 2 * v * v; // Var(ε²) = 2
                    }
                }
            }
            double z = maxStandardisedError(mc.matrix(), ggn, variance, 1e-6 * CurvatureTest.maxAbs(ggn));
            assertThat(z).as("max |MC - GGN| / s.e.").isLessThan(5);
        }
    }

    /**
     * The same seed gives the same curvature, whatever the batch size (the labels are drawn row by row
     * from one stream); another seed another one. With one data point, KFAC of the MC Fisher is its exact
     * block, and diag its diagonal (the structures share the cotangents).
     */
    @Test
    void deterministicGivenTheSeedAndSharedByEveryStructure() {
        Dataset data = CurvatureTest.data(12, 5);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {D}, new int[] {4}, Activation.TANH, 0f, C);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 2)) {
            List<LinearLayer> layers = LinearLayer.of(net);
            double[] a = fullMcFisher(net, layers, data, 7, 5);
            assertThat(fullMcFisher(net, layers, data, 7, 5)).containsExactly(a);
            CurvatureTest.assertMatches(fullMcFisher(net, layers, data, 7, 12), a, 1e-6);
            assertThat(CurvatureTest.maxAbs(difference(fullMcFisher(net, layers, data, 8, 5), a)))
                    .isGreaterThan(1e-3 * CurvatureTest.maxAbs(a));

            Dataset one = CurvatureTest.data(1, 21);
            FullCurvature full = new FullCurvature(layers);
            DiagCurvature diag = new DiagCurvature(layers);
            KronCurvature kron = new KronCurvature(layers);
            CurvatureSweep.run(net, layers, one, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.MC_FISHER,
                    new FisherSamples(4, 1), 1, full, diag, kron);
            int p = full.size();
            for (int i = 0; i < p; i++) {
                assertThat(diag.diagonal()[i]).isCloseTo(full.matrix()[i * p + i],
                        within(1e-6 * CurvatureTest.maxAbs(full.matrix())));
            }
            CurvatureTest.assertKronIsTheExactBlock(kron, full);
        }
    }

    @Test
    void fisherSamplesMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FisherSamples(0, 1))
                .hasMessage("fisherSamples must be >= 1, found 0");
    }

    private static double[] fullMcFisher(Network net, List<LinearLayer> layers, Dataset data, long seed, int batch) {
        FullCurvature f = new FullCurvature(layers);
        CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.MC_FISHER,
                new FisherSamples(3, seed), batch, f);
        return f.matrix();
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /** max over entries of |estimate - expected| / (s.e. + floatTolerance/5), s.e. = sqrt(variance / M). */
    private static double maxStandardisedError(double[] estimate, double[] expected, double[] variance,
            double floatTolerance) {
        double worst = 0;
        for (int e = 0; e < expected.length; e++) {
            double se = Math.sqrt(Math.max(variance[e], 0) / M) + floatTolerance / 5;
            worst = Math.max(worst, Math.abs(estimate[e] - expected[e]) / se);
        }
        return worst;
    }
}
