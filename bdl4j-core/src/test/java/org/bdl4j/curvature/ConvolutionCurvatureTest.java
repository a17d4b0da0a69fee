package org.bdl4j.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.junit.jupiter.api.Test;

/**
 * Curvature of Conv2d layers against {@link BruteForceNetwork}, on {@link TinyCnn}. Full and diag
 * GGN and the empirical Fisher over all weights equal the brute-force sums of per-sample J_nᵀ Λ_n J_n
 * whose Jacobians come from one ordinary backward pass per output; the KFAC factors equal the expand
 * formula computed from patches cut by index loops and leaf Jacobians of the layer outputs. Float32
 * networks on both sides bound the agreement to about 1e-6 relative.
 */
class ConvolutionCurvatureTest {
    static final int N = 5;

    private static Network tinyCnn(long seed) {
        return TinyCnn.network(3, seed);
    }

    private static Dataset images(int n, long seed) {
        return TinyCnn.images(n, seed);
    }

    @Test
    void layersCoverEveryParameterOnceWithTheConvolutionsGeometry() {
        try (Network net = tinyCnn(1)) {
            List<AffineLayer> layers = AffineLayer.of(net);
            assertThat(layers).hasSize(3);
            ConvLayer first = (ConvLayer) layers.get(0);
            ConvLayer second = (ConvLayer) layers.get(1);
            assertThat(first.in()).isEqualTo(25);
            assertThat(first.positions()).isEqualTo(144); // 12x12, padding 2
            assertThat(second.in()).isEqualTo(50);
            assertThat(second.positions()).isEqualTo(4); // 6x6 -> 2x2
            assertThat(layers.get(2)).isInstanceOf(LinearLayer.class);
            boolean[] seen = new boolean[net.parameterCount()];
            int count = 0;
            for (AffineLayer l : layers) {
                for (int o = 0; o < l.out(); o++) {
                    for (int i = 0; i <= l.in(); i++) {
                        assertThat(seen[l.flatIndex(o, i)]).isFalse();
                        seen[l.flatIndex(o, i)] = true;
                        count++;
                    }
                }
            }
            assertThat(count).isEqualTo(net.parameterCount()).isEqualTo(163);
        }
    }

    @Test
    void patchesAreTheInputValuesUnderTheKernel() {
        Dataset data = images(3, 2);
        try (Network net = tinyCnn(1); NDManager m = net.manager().newSubManager()) {
            for (AffineLayer l : AffineLayer.of(net)) {
                if (!(l instanceof ConvLayer conv)) {
                    continue;
                }
                NDArray x = Inputs.rows(m, data.features(), data.featureShape(), 0, 3);
                NDList cur = new NDList(x);
                for (int i = 0; i < conv.child(); i++) {
                    cur = net.block().getChildren().get(i).getValue().forward(net.parameterStore(), cur, false);
                }
                float[] patches = conv.augmentedInputs(cur.singletonOrThrow()).toFloatArray(); // [B, T, in+1]
                int width = (conv.in() + 1) * conv.positions();
                for (int n = 0; n < 3; n++) {
                    double[][] expected = BruteForceNetwork.augmentedInputs(net, conv, data, n);
                    for (int t = 0; t < conv.positions(); t++) {
                        for (int q = 0; q <= conv.in(); q++) {
                            assertThat((double) patches[n * width + t * (conv.in() + 1) + q]).isEqualTo(expected[t][q]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void fullAndDiagGgnAndEmpiricalFisherOfAllWeightsEqualBruteForce() {
        Dataset data = images(N, 3);
        try (Network net = tinyCnn(4)) {
            List<AffineLayer> layers = AffineLayer.of(net);
            int p = net.parameterCount();
            FullCurvature full = new FullCurvature(layers);
            DiagCurvature diag = new DiagCurvature(layers);
            CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 2, full, diag);
            double[] brute = BruteForceNetwork.ggn(net, data);
            CurvatureTest.assertMatches(CurvatureTest.toFlatOrder(full.matrix(), layers, p), brute, 1e-6);
            double[] d = toFlatOrder(diag.diagonal(), layers, p);
            double scale = CurvatureTest.maxAbs(brute);
            for (int i = 0; i < p; i++) {
                assertThat(d[i]).as("diag %d", i).isCloseTo(brute[i * p + i], within(1e-6 * scale));
            }
            // the convolutions carry curvature (the check is not vacuous)
            ConvLayer first = (ConvLayer) layers.get(0);
            assertThat(brute[first.flatIndex(0, 0) * p + first.flatIndex(0, 0)]).isGreaterThan(1e-3 * scale);

            FullCurvature ef = new FullCurvature(layers);
            CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.EF, 2, ef);
            CurvatureTest.assertMatches(CurvatureTest.toFlatOrder(ef.matrix(), layers, p),
                    BruteForceNetwork.empiricalFisher(net, data), 1e-6);
        }
    }

    @Test
    void samePaddedConvolutionsWithoutAPoolBetweenThemHaveTheExactGgn() {
        Dataset data = images(N, 5);
        try (Network net = Network.create(TinyCnn.sameSpec(3), DropoutMode.STANDARD, 6)) {
            List<AffineLayer> layers = AffineLayer.of(net);
            assertThat(layers).hasSize(4);
            assertThat(((ConvLayer) layers.get(1)).positions()).isEqualTo(36); // 6x6 kept by padding 2
            assertThat(((ConvLayer) layers.get(2)).positions()).isEqualTo(9); // 3x3 kept, no pool before the linear
            int p = net.parameterCount();
            assertThat(p).isEqualTo(313);
            FullCurvature full = new FullCurvature(layers);
            CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 2, full);
            double[] brute = BruteForceNetwork.ggn(net, data);
            CurvatureTest.assertMatches(CurvatureTest.toFlatOrder(full.matrix(), layers, p), brute, 1e-6);
            // the unpooled third convolution carries curvature (the check is not vacuous)
            ConvLayer third = (ConvLayer) layers.get(2);
            double largest = 0;
            for (int o = 0; o < third.out(); o++) {
                for (int i = 0; i <= third.in(); i++) {
                    largest = Math.max(largest, brute[third.flatIndex(o, i) * p + third.flatIndex(o, i)]);
                }
            }
            assertThat(largest).isGreaterThan(1e-2 * CurvatureTest.maxAbs(brute));
        }
    }

    @Test
    void kfacFactorsEqualTheExpandFormula() {
        Dataset data = images(N, 3);
        try (Network net = tinyCnn(4)) {
            List<AffineLayer> layers = AffineLayer.of(net);
            KronCurvature kron = new KronCurvature(layers);
            CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 2, kron);
            for (int l = 0; l < layers.size(); l++) {
                double[][] expected = BruteForceNetwork.kfacFactors(net, layers.get(l), data);
                CurvatureTest.assertMatches(kron.a(l), expected[0], 1e-6);
                CurvatureTest.assertMatches(kron.g(l), expected[1], 1e-6);
            }
        }
    }

    /** A vector in the curvature's layer-by-layer augmented order, re-indexed to θ's order. */
    static double[] toFlatOrder(double[] v, List<? extends AffineLayer> layers, int p) {
        int[] flat = CurvatureTest.flatIndices(layers, p);
        double[] out = new double[p];
        for (int k = 0; k < p; k++) {
            out[flat[k]] = v[k];
        }
        return out;
    }
}
