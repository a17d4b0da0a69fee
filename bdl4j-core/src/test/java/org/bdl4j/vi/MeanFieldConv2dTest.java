package org.bdl4j.vi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.Architecture;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.Seeds;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Bayesian convolution: estimator moments, its KL, and a CNN fitted by VI, saved and loaded. */
class MeanFieldConv2dTest {
    private static final int OUT = 3;
    private static final int IN = 2;
    private static final int K = 3;
    private static final int H = 4;
    private static final int ROWS = 2;

    @TempDir
    Path tmp;

    /**
     * A 3x3 convolution (2 → 3 channels, padding 1) on 2 fixed 4x4 images, each weight with its own
     * μ and σ: over 3,000 draws every estimator's output element has the mean conv(x, μ) + μ_b and
     * the variance conv(x², σ²) + σ_b² of independent weights, both computed here by a direct loop
     * over the kernel (5 se: se(mean) = √(v/n), se(var) = v √(2/n), the outputs being Gaussian).
     */
    @Test
    void estimatorsShareTheExpectedOutputAndVariance() {
        SplittableRandom r = new SplittableRandom(5);
        float[] wMean = random(r, OUT * IN * K * K, 0.5);
        float[] bMean = random(r, OUT, 0.5);
        float[] wSigma = positive(r, OUT * IN * K * K);
        float[] bSigma = positive(r, OUT);
        float[] x = random(r, ROWS * IN * H * H, 1.0);
        int n = 3000;
        int outputs = ROWS * OUT * H * H;
        Seeds.seedEngine(8);
        try (NDManager m = NDManager.newBaseManager()) {
            MeanFieldConv2d layer = layer(m, wMean, wSigma, bMean, bSigma);
            float[] sigmaW = layer.weightSigma().toFloatArray();
            float[] sigmaB = layer.biasSigma().toFloatArray();
            double[] mean = conv(x, wMean, bMean, false);
            double[] var = conv(x, square(sigmaW), square(sigmaB), true);
            NDArray input = m.create(x, new Shape(ROWS, IN, H, H));
            for (Estimator e : Estimator.values()) {
                double[] sum = new double[outputs];
                double[] sq = new double[outputs];
                for (int k = 0; k < n; k++) {
                    try (NDManager b = m.newSubManager()) {
                        float[] y = e.forward(layer, input, new WeightNoise(layer, b), b).toFloatArray();
                        for (int j = 0; j < outputs; j++) {
                            sum[j] += y[j];
                            sq[j] += y[j] * (double) y[j];
                        }
                    }
                }
                double worst = 0;
                for (int j = 0; j < outputs; j++) {
                    double mcMean = sum[j] / n;
                    double mcVar = sq[j] / n - mcMean * mcMean;
                    double seMean = Math.sqrt(var[j] / n);
                    double seVar = var[j] * Math.sqrt(2.0 / n);
                    worst = Math.max(worst, Math.max(Math.abs(mcMean - mean[j]) / seMean, Math.abs(mcVar - var[j]) / seVar));
                    assertThat(mcMean).as(e + " mean " + j).isCloseTo(mean[j], within(5 * seMean));
                    assertThat(mcVar).as(e + " variance " + j).isCloseTo(var[j], within(5 * seVar));
                }
                System.out.printf("conv %s: largest deviation of %d means and variances %.2f se%n", e, outputs, worst);
            }
        }
    }

    /** The layer's KL under N(0, 1/λ) is the closed form summed over its 57 weights and biases. */
    @Test
    void klIsTheClosedFormSummedOverTheLayer() {
        SplittableRandom r = new SplittableRandom(6);
        float[] wMean = random(r, OUT * IN * K * K, 0.5);
        float[] bMean = random(r, OUT, 0.5);
        float[] wSigma = positive(r, OUT * IN * K * K);
        float[] bSigma = positive(r, OUT);
        double lambda = 3.0;
        try (NDManager m = NDManager.newBaseManager()) {
            MeanFieldConv2d layer = layer(m, wMean, wSigma, bMean, bSigma);
            double kl = layer.kl(Prior.gaussian(lambda), new WeightNoise(layer, m)).getFloat();
            double exact = GaussianKl.of(concat(wMean, bMean), concat(layer.weightSigma().toFloatArray(),
                    layer.biasSigma().toFloatArray()), lambda);
            assertThat(kl).isCloseTo(exact, within(1e-5 * Math.abs(exact)));
        }
    }

    /**
     * A small CNN (conv 2 and 3 channels, dense 8) on 12x12 bar images: VI with each estimator, 2
     * epochs from a 3-epoch MAP, trains to finite values; the Flipout fit under the scale-mixture
     * prior saves and loads with the same μ, σ, prior and predictive to the last bit.
     */
    @Test
    void cnnFitsWithEveryEstimatorAndRoundTrips() throws IOException {
        Dataset train = TestTables.bars(48, 12, 1);
        NetworkSpec spec = new NetworkSpec(Architecture.CNN, new int[] {1, 12, 12}, new int[] {8}, new int[] {2, 3},
                Activation.RELU, 0f, 2);
        MapTrainer t = MapTrainer.builder().optEpochs(3).optBatchSize(16).optLearningRate(0.01).optSeed(1).build();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).trainer(t).seed(1).build())) {
            for (Estimator e : Estimator.values()) {
                Vi vi = Vi.builder().optEstimator(e).optEpochs(2).optBatchSize(16).optLearningRate(0.01)
                        .optPrior(Prior.scaleMixture(0.5, 1.0, Math.exp(-6))).optInit(ViInit.MOPED).optSamples(5)
                        .optSeed(2).build();
                try (ViPosterior post = vi.fit(map, train)) {
                    for (float s : post.std()) {
                        assertThat(s).isPositive().isFinite();
                    }
                    ClassificationPredictive p = post.predictClasses(train);
                    if (e == Estimator.FLIPOUT) {
                        post.save(tmp.resolve("cnn-vi"));
                        try (ViPosterior loaded = (ViPosterior) Posteriors.load(tmp.resolve("cnn-vi"))) {
                            assertThat(loaded.prior()).isEqualTo(post.prior());
                            assertThat(loaded.mean()).containsExactly(post.mean());
                            assertThat(loaded.std()).containsExactly(post.std());
                            assertThat(loaded.predictClasses(train).probabilities()).isDeepEqualTo(p.probabilities());
                        }
                    }
                }
            }
        }
    }

    private static MeanFieldConv2d layer(NDManager m, float[] wMean, float[] wSigma, float[] bMean, float[] bSigma) {
        return new MeanFieldConv2d(m, new Shape(OUT, IN, K, K), new Shape(1, 1), new Shape(1, 1), new Shape(1, 1),
                wMean, rho(wSigma), bMean, rho(bSigma));
    }

    /** Σ_c,u,v x[b, c, i+u-1, j+v-1] w[o, c, u, v] + bias[o] (zero padding 1), of x² when {@code squareInput}. */
    private static double[] conv(float[] x, float[] w, float[] bias, boolean squareInput) {
        double[] out = new double[ROWS * OUT * H * H];
        for (int b = 0; b < ROWS; b++) {
            for (int o = 0; o < OUT; o++) {
                for (int i = 0; i < H; i++) {
                    for (int j = 0; j < H; j++) {
                        double s = bias[o];
                        for (int c = 0; c < IN; c++) {
                            for (int u = 0; u < K; u++) {
                                for (int v = 0; v < K; v++) {
                                    int row = i + u - 1;
                                    int col = j + v - 1;
                                    if (row < 0 || row >= H || col < 0 || col >= H) {
                                        continue;
                                    }
                                    double xi = x[((b * IN + c) * H + row) * H + col];
                                    s += (squareInput ? xi * xi : xi) * w[((o * IN + c) * K + u) * K + v];
                                }
                            }
                        }
                        out[((b * OUT + o) * H + i) * H + j] = s;
                    }
                }
            }
        }
        return out;
    }

    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (scale * TestTables.gaussian(r));
        }
        return a;
    }

    private static float[] positive(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (0.1 + 0.4 * r.nextDouble());
        }
        return a;
    }

    private static float[] rho(float[] sigma) {
        float[] a = new float[sigma.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = MeanFieldLayer.softplusInverse(sigma[i]);
        }
        return a;
    }

    private static float[] square(float[] a) {
        float[] s = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] * a[i];
        }
        return s;
    }

    private static double[] concat(float[] a, float[] b) {
        double[] d = new double[a.length + b.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        for (int i = 0; i < b.length; i++) {
            d[a.length + i] = b[i];
        }
        return d;
    }
}
