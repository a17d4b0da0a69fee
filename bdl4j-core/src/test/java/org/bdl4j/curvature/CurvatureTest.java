package org.bdl4j.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * Exactness of the curvature structures against brute force in double precision
 * ({@link ReferenceMlp}): GGN = Hessian for logistic regression, full GGN and empirical Fisher of a
 * tiny MLP = Σ_n J_nᵀ Λ_n J_n with finite-difference Jacobians, diag = diagonal of full, KFAC = the
 * exact block for one data point. Float32 networks (and the float32 per-batch products of
 * back-propagated taps) bound the agreement to about 1e-6 relative.
 */
class CurvatureTest {
    private static final int D = 3;
    private static final int C = 3;

    @Test
    void logisticRegressionGgnEqualsTheFiniteDifferenceHessianOfTheSumNll() {
        Dataset data = data(25, 11);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {D}, new int[0], Activation.TANH, 0f, C);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 4)) {
            List<LinearLayer> layers = LinearLayer.of(net);
            FullCurvature full = new FullCurvature(layers);
            CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 7, full);
            double[] theta = Floats.toDoubles(net.parameters());
            ReferenceMlp ref = new ReferenceMlp(D, C);
            double[][] xs = rows(data);
            int p = theta.length;
            double h = 1e-4;
            double[] hess = new double[p * p];
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    hess[i * p + j] = (ref.nll(shift(theta, i, h, j, h), xs, data.labels())
                            - ref.nll(shift(theta, i, h, j, -h), xs, data.labels())
                            - ref.nll(shift(theta, i, -h, j, h), xs, data.labels())
                            + ref.nll(shift(theta, i, -h, j, -h), xs, data.labels())) / (4 * h * h);
                }
            }
            assertMatches(toFlatOrder(full.matrix(), layers, p), hess, 2e-5);
        }
    }

    @Test
    void mlpFullGgnDiagAndEmpiricalFisherEqualBruteForce() {
        Dataset data = data(12, 5);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {D}, new int[] {4, 3}, Activation.TANH, 0f, C);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 9)) {
            List<LinearLayer> layers = LinearLayer.of(net);
            FullCurvature full = new FullCurvature(layers);
            DiagCurvature diag = new DiagCurvature(layers);
            CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 5, full,
                    diag);
            double[] theta = Floats.toDoubles(net.parameters());
            ReferenceMlp ref = new ReferenceMlp(D, 4, 3, C);
            int p = theta.length;
            assertThat(ref.parameterCount()).isEqualTo(p);
            double[] brute = ref.ggn(theta, rows(data));
            assertMatches(toFlatOrder(full.matrix(), layers, p), brute, 1e-5);
            // same taps, float32 per-batch products (back-propagated taps keep the network's float32)
            double[] d = diag.diagonal();
            for (int i = 0; i < p; i++) {
                assertThat(d[i]).isCloseTo(full.matrix()[i * p + i], within(1e-12 + 1e-6 * Math.abs(d[i])));
            }

            FullCurvature ef = new FullCurvature(layers);
            CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.EF, 5, ef);
            assertMatches(toFlatOrder(ef.matrix(), layers, p), ref.empiricalFisher(theta, rows(data), data.labels()),
                    1e-5);

            // the last layer alone (no back-propagation: per-sample Λ_b instead of square-root columns,
            // block formula) is the last block of the full GGN; its KFAC and diag equal those of the
            // back-propagated taps
            LinearLayer last = layers.get(layers.size() - 1);
            FullCurvature lastOnly = new FullCurvature(List.of(last));
            KronCurvature kronLast = new KronCurvature(List.of(last));
            DiagCurvature diagLast = new DiagCurvature(List.of(last));
            CurvatureSweep.run(net, List.of(last), data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 5,
                    lastOnly, kronLast, diagLast);
            KronCurvature kronAll = new KronCurvature(layers);
            CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 5, kronAll);
            assertMatches(kronLast.g(0), kronAll.g(layers.size() - 1), 1e-6);
            assertMatches(kronLast.a(0), kronAll.a(layers.size() - 1), 1e-6);
            double[] dAll = diag.diagonal();
            double[] dLast = diagLast.diagonal();
            for (int i = 0; i < dLast.length; i++) {
                assertThat(dLast[i]).isCloseTo(dAll[dAll.length - dLast.length + i], within(1e-6 * maxAbs(dLast)));
            }
            int q = last.size();
            int off = p - q;
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < q; j++) {
                    assertThat(lastOnly.matrix()[i * q + j]).isCloseTo(full.matrix()[(off + i) * p + off + j],
                            within(1e-6 * maxAbs(full.matrix())));
                }
            }
        }
    }

    @Test
    void kfacEqualsTheExactBlockForOneDataPoint() {
        Dataset one = data(1, 21);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {D}, new int[] {4}, Activation.TANH, 0f, C);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 2)) {
            List<LinearLayer> layers = LinearLayer.of(net);
            FullCurvature full = new FullCurvature(layers);
            KronCurvature kron = new KronCurvature(layers);
            CurvatureSweep.run(net, layers, one, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 1, full, kron);
            assertKronIsTheExactBlock(kron, full);
            int p = full.size();
            // and with two points it is an approximation, not the block (the test can fail)
            Dataset two = data(2, 21);
            FullCurvature full2 = new FullCurvature(layers);
            KronCurvature kron2 = new KronCurvature(layers);
            CurvatureSweep.run(net, layers, two, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 2, full2, kron2);
            LinearLayer first = layers.get(0);
            double[] block = org.bdl4j.linalg.Kronecker.product(kron2.g(0), first.out(), first.out(), kron2.a(0),
                    first.in() + 1, first.in() + 1);
            double diff = 0;
            for (int i = 0; i < first.size(); i++) {
                for (int j = 0; j < first.size(); j++) {
                    diff = Math.max(diff, Math.abs(block[i * first.size() + j] - full2.matrix()[i * p + j]));
                }
            }
            assertThat(diff).isGreaterThan(1e-6);
        }
    }

    /** Gaussian linear regression: GGN = Σ x̃x̃ᵀ/σ², empirical Fisher = Σ (r/σ²)² x̃x̃ᵀ with r = f - y. */
    @Test
    void gaussianLinearModelGgnAndEmpiricalFisherMatchTheirClosedForms() {
        int n = 15;
        double sigma = 0.4;
        Dataset data = gaussianData(n, 8);
        float[] x = data.features();
        float[] y = data.targets();
        NetworkSpec spec = NetworkSpec.mlp(new int[] {D}, new int[0], Activation.TANH, 0f, 1);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 6)) {
            List<LinearLayer> layers = LinearLayer.of(net);
            FullCurvature ggn = new FullCurvature(layers);
            FullCurvature ef = new FullCurvature(layers);
            double logLik = CurvatureSweep.run(net, layers, data, Likelihood.GAUSSIAN, sigma, CurvatureType.GGN, 4, ggn);
            CurvatureSweep.run(net, layers, data, Likelihood.GAUSSIAN, sigma, CurvatureType.EF, 4, ef);
            float[] theta = net.parameters(); // weight [1, D] then bias: the augmented order here
            int p = D + 1;
            double[] g = new double[p * p];
            double[] e = new double[p * p];
            double ll = 0;
            for (int i = 0; i < n; i++) {
                double[] xt = new double[p];
                double f = theta[D];
                for (int j = 0; j < D; j++) {
                    xt[j] = x[i * D + j];
                    f += theta[j] * xt[j];
                }
                xt[D] = 1;
                double r = f - y[i];
                ll += -0.5 * Math.log(2 * Math.PI * sigma * sigma) - r * r / (2 * sigma * sigma);
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        g[a * p + b] += xt[a] * xt[b] / (sigma * sigma);
                        e[a * p + b] += r * r / Math.pow(sigma, 4) * xt[a] * xt[b];
                    }
                }
            }
            assertMatches(ggn.matrix(), g, 1e-12);
            assertMatches(ef.matrix(), e, 1e-12);
            assertThat(logLik).isCloseTo(ll, within(1e-12 * Math.abs(ll)));
        }
    }

    /**
     * A small CNN (image inputs, tiled 4-D batches): the back-propagated taps of all Linear layers
     * give the same last-layer diagonal as the direct last-layer path.
     */
    @Test
    void cnnBackPropagatedTapsAgreeWithTheDirectLastLayerPath() {
        int n = 6;
        SplittableRandom rng = new SplittableRandom(12);
        float[] x = new float[n * 144];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble();
        }
        int[] y = {0, 1, 2, 0, 1, 2};
        Dataset data = Dataset.classification(x, n, new int[] {1, 12, 12}, Dataset.defaultFeatureNames(144), y,
                List.of("a", "b", "c"), "y");
        NetworkSpec spec = NetworkSpec.lenet(new int[] {1, 12, 12}, Activation.RELU, 0f, C);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 3)) {
            List<LinearLayer> layers = LinearLayer.of(net);
            assertThat(layers).hasSize(3);
            DiagCurvature all = new DiagCurvature(layers);
            CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 4, all);
            LinearLayer last = layers.get(2);
            DiagCurvature lastOnly = new DiagCurvature(List.of(last));
            CurvatureSweep.run(net, List.of(last), data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 4,
                    lastOnly);
            double[] a = all.diagonal();
            double[] b = lastOnly.diagonal();
            int off = a.length - b.length;
            for (int i = 0; i < b.length; i++) {
                assertThat(a[off + i]).isCloseTo(b[i], within(1e-6 * maxAbs(b)));
            }
            assertThat(maxAbs(b)).isGreaterThan(0);
        }
    }

    /**
     * A last layer of 10 x 129 = 1,290 parameters (above {@link FullCurvature#SINGLE_PRECISION_FROM}):
     * the float32 per-batch products agree with the float64 ones (softmax GGN, empirical Fisher), and
     * the split Λ = diag(p) - ppᵀ agrees with the per-sample Λ_b summed by the EF-style rank-one path.
     */
    @Test
    void singlePrecisionProductsOfALargeLastLayerAgreeWithDoubleProducts() {
        int n = 300;
        SplittableRandom rng = new SplittableRandom(21);
        float[] x = new float[n * 8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (float) rng.nextGaussian();
            }
            y[i] = rng.nextInt(10);
        }
        List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        Dataset data = Dataset.classification(x, n, new int[] {8}, Dataset.defaultFeatureNames(8), y, classes, "y");
        NetworkSpec spec = NetworkSpec.mlp(new int[] {8}, new int[] {128}, Activation.TANH, 0f, 10);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 5)) {
            List<LinearLayer> all = LinearLayer.of(net);
            List<LinearLayer> last = List.of(all.get(all.size() - 1));
            assertThat(last.get(0).size()).isGreaterThanOrEqualTo(FullCurvature.SINGLE_PRECISION_FROM);
            for (CurvatureType type : CurvatureType.values()) {
                FullCurvature single = new FullCurvature(last);
                FullCurvature dbl = new FullCurvature(last, Integer.MAX_VALUE);
                CurvatureSweep.run(net, last, data, Likelihood.CATEGORICAL, Double.NaN, type, 128, single, dbl);
                assertMatches(single.matrix(), dbl.matrix(), 1e-5);
            }
            // the GGN from the split form equals the one from the K = C square-root cotangents
            FullCurvature split = new FullCurvature(last, Integer.MAX_VALUE);
            CurvatureSweep.run(net, last, data, Likelihood.CATEGORICAL, Double.NaN, CurvatureType.GGN, 128, split);
            FullCurvature roots = new FullCurvature(last, Integer.MAX_VALUE);
            for (int from = 0; from < n; from += 128) {
                try (ai.djl.ndarray.NDManager m = net.manager().newSubManager()) {
                    ai.djl.ndarray.NDArray xb = org.bdl4j.nn.Inputs.rows(m, data.features(), data.featureShape(),
                            from, Math.min(n, from + 128));
                    roots.add(LayerTaps.collect(net, last, xb, OutputCotangents.ggn(Likelihood.CATEGORICAL,
                            Double.NaN)).taps());
                }
            }
            assertMatches(split.matrix(), roots.matrix(), 1e-9);
        }
    }

    /**
     * The last layer alone, by whole blocks (41 inputs with the bias, {@link WholeBlockProducts}) and by
     * upper triangles (141 inputs, {@link TriangleProducts}; for them several row chunks of
     * {@value TriangleProducts#ROW_CHUNK} inputs, a batch of more rows than one slice of
     * {@value TriangleProducts#ROW_SLICE} and, with 12 classes, 78 block pairs in two groups of at most
     * {@value TriangleProducts#GROUP_PAIRS}), float64 and float32 per-batch products, equals the last
     * block of the curvature over every layer, which stacks per-sample Jacobian rows and multiplies them
     * out (RᵀR): the entries the products leave out and the mirror fills in, and the sums over slices and
     * groups, are checked, for the softmax GGN (3 and 12 classes), the empirical Fisher (back-propagated
     * taps) and the Gaussian GGN; and the sweeps leave no array alive in any manager.
     */
    @Test
    void lastLayerProductsEqualTheLastBlockOfTheAllLayerCurvature() {
        int n = TriangleProducts.ROW_SLICE + 300;
        int manyClasses = 12;
        assertThat(manyClasses * (manyClasses + 1) / 2).isGreaterThan(TriangleProducts.GROUP_PAIRS);
        for (int hidden : new int[] {40, 140}) {
            Class<?> expected = hidden + 1 >= BlockProducts.TRIANGLE_MIN_INPUTS ? TriangleProducts.class
                    : WholeBlockProducts.class;
            assertThat(BlockProducts.forLayer(hidden + 1, manyClasses)).isInstanceOf(expected);
            Dataset[] sets = {data(n, 8), gaussianData(n, 8), classes(600, manyClasses, 9)};
            Likelihood[] likelihoods = {Likelihood.CATEGORICAL, Likelihood.GAUSSIAN, Likelihood.CATEGORICAL};
            int[] outputCounts = {C, 1, manyClasses};
            for (int s = 0; s < sets.length; s++) {
                assertLastLayerIsTheLastBlock(hidden, outputCounts[s], sets[s], likelihoods[s]);
            }
        }
    }

    private static void assertLastLayerIsTheLastBlock(int hidden, int outputs, Dataset set, Likelihood likelihood) {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {D}, new int[] {hidden}, Activation.TANH, 0f, outputs);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 6)) {
            List<LinearLayer> layers = LinearLayer.of(net);
            List<LinearLayer> last = List.of(layers.get(1));
            int live = org.bdl4j.train.LeakProbe.liveArrays();
            for (CurvatureType type : new CurvatureType[] {CurvatureType.GGN, CurvatureType.EF}) {
                FullCurvature all = new FullCurvature(layers);
                FullCurvature dbl = new FullCurvature(last, Integer.MAX_VALUE);
                FullCurvature single = new FullCurvature(last, 1);
                CurvatureSweep.run(net, layers, set, likelihood, 0.7, type, 256, all);
                CurvatureSweep.run(net, last, set, likelihood, 0.7, type, set.rows(), dbl, single);
                int p = all.size();
                int q = dbl.size();
                double[] block = new double[q * q];
                for (int i = 0; i < q; i++) {
                    for (int j = 0; j < q; j++) {
                        block[i * q + j] = all.matrix()[(p - q + i) * p + p - q + j];
                    }
                }
                assertMatches(dbl.matrix(), block, 1e-6);
                assertMatches(single.matrix(), block, 1e-5);
            }
            assertThat(org.bdl4j.train.LeakProbe.liveArrays()).as("arrays alive in all managers").isEqualTo(live);
        }
    }

    /** n rows of D standard normal features with labels drawn uniformly from the C classes. */
    static Dataset data(int n, long seed) {
        return classes(n, C, seed);
    }

    /** n rows of D standard normal features with labels drawn uniformly from {@code classes}. */
    static Dataset classes(int n, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * D];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        return Dataset.classification(x, n, new int[] {D}, Dataset.defaultFeatureNames(D), y, names, "y");
    }

    /** n rows of D standard normal features with standard normal targets. */
    static Dataset gaussianData(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * D];
        float[] y = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = (float) rng.nextGaussian();
        }
        return Dataset.regression(x, n, new int[] {D}, Dataset.defaultFeatureNames(D), y, "y");
    }

    static double[][] rows(Dataset d) {
        double[][] out = new double[d.rows()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Floats.toDoubles(d.row(i));
        }
        return out;
    }

    /**
     * G ⊗ A of each layer equals the diagonal block of the full curvature (one data point), to the
     * float32 per-batch products on both sides (different summation orders).
     */
    static void assertKronIsTheExactBlock(KronCurvature kron, FullCurvature full) {
        int p = full.size();
        int off = 0;
        for (int l = 0; l < kron.layers().size(); l++) {
            AffineLayer layer = kron.layers().get(l);
            int in1 = layer.in() + 1;
            double[] block = org.bdl4j.linalg.Kronecker.product(kron.g(l), layer.out(), layer.out(), kron.a(l), in1,
                    in1);
            int q = layer.size();
            for (int i = 0; i < q; i++) {
                for (int j = 0; j < q; j++) {
                    assertThat(block[i * q + j]).isCloseTo(full.matrix()[(off + i) * p + off + j],
                            within(1e-9 + 1e-6 * Math.abs(block[i * q + j])));
                }
            }
            off += q;
        }
    }

    /** The θ index of each position of the curvature's layer-by-layer augmented layout. */
    static int[] flatIndices(List<? extends AffineLayer> layers, int p) {
        int[] flat = new int[p];
        int k = 0;
        for (AffineLayer l : layers) {
            for (int o = 0; o < l.out(); o++) {
                for (int i = 0; i <= l.in(); i++) {
                    flat[k++] = l.flatIndex(o, i);
                }
            }
        }
        return flat;
    }

    /** Re-indexes a matrix from the curvature's augmented layout to θ's flat order. */
    static double[] toFlatOrder(double[] m, List<? extends AffineLayer> layers, int p) {
        int[] flat = flatIndices(layers, p);
        double[] out = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                out[flat[i] * p + flat[j]] = m[i * p + j];
            }
        }
        return out;
    }

    private static double[] shift(double[] theta, int i, double hi, int j, double hj) {
        double[] t = theta.clone();
        t[i] += hi;
        t[j] += hj;
        return t;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static void assertMatches(double[] actual, double[] expected, double relative) {
        double scale = maxAbs(expected);
        assertThat(scale).isGreaterThan(0);
        assertThat(actual).hasSameSizeAs(expected);
        int worst = 0; // assert the largest deviation only (one assertion instead of P² for large P)
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > Math.abs(actual[worst] - expected[worst])) {
                worst = i;
            }
        }
        assertThat(actual[worst]).as("entry %d", worst).isCloseTo(expected[worst], within(relative * scale));
    }
}
