package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

class MapTrainerTest {

    /**
     * A linear model with Gaussian likelihood: at the MAP with jointly fitted σ, the weights solve the
     * ridge normal equations (XᵀX + λσ²I) θ = Xᵀy on the design [x, 1] (the prior covers the bias
     * too), and σ² is the mean squared residual. Both are computed here independently of the engine.
     * This pins down the weight-decay = λ/N conversion: any other scaling moves the solution.
     */
    @Test
    void linearGaussianMapSolvesTheRidgeNormalEquationsWithTheStatedPrior() {
        Dataset data = TestTables.linearRegression(200, new double[] {1.5, -2.0, 0.5}, 0.7, 0.4, 1.0, 42);
        double lambda = 30.0;
        NetworkSpec spec = NetworkSpec.mlp(new int[] {3}, new int[0], Activation.RELU, 0f, 1);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 1)) {
            TrainingResult res = MapTrainer.builder().optOptimizer(OptimizerKind.SGD).optLearningRate(0.05)
                    .optMomentum(0.9).optBatchSize(200).optEpochs(3000).optPriorPrecision(lambda).build()
                    .train(net, Likelihood.GAUSSIAN, data);
            assertThat(res.weightDecay()).isCloseTo(lambda / 200, within(1e-9));
            float[] theta = net.parameters(); // w1, w2, w3, b
            double sigma = res.sigmaNoise();
            double[][] a = new double[4][4];
            double[] rhs = new double[4];
            float[] x = data.features();
            float[] y = data.targets();
            double sse = 0;
            for (int i = 0; i < 200; i++) {
                double[] z = {x[i * 3], x[i * 3 + 1], x[i * 3 + 2], 1.0};
                double f = 0;
                for (int j = 0; j < 4; j++) {
                    f += theta[j] * z[j];
                    rhs[j] += z[j] * y[i];
                    for (int k = 0; k < 4; k++) {
                        a[j][k] += z[j] * z[k];
                    }
                }
                sse += (y[i] - f) * (y[i] - f);
            }
            for (int j = 0; j < 4; j++) {
                a[j][j] += lambda * sigma * sigma;
            }
            double[] expected = solve(a, rhs);
            for (int j = 0; j < 4; j++) {
                assertThat((double) theta[j]).as("theta[%d]", j).isCloseTo(expected[j], within(2e-4));
            }
            assertThat(sigma * sigma).isCloseTo(sse / 200, within(1e-4));
            // and the prior visibly shrinks: the unregularised fit of w1 is larger in magnitude
            assertThat(Math.abs(expected[0])).isLessThan(1.5);
        }
    }

    /**
     * Multinomial logistic regression: at the MAP the gradient of Σ_n NLL_n + (λ/2)‖θ‖² vanishes,
     * i.e. Σ_n (p_n - e_{y_n}) [x_n, 1]ᵀ + λθ = 0, evaluated here in double precision.
     */
    @Test
    void logisticMapIsAStationaryPointOfTheNegativeLogJoint() {
        Dataset data = TestTables.blobs(150, 2, 3, 5);
        double lambda = 2.0;
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[0], Activation.RELU, 0f, 3);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 2)) {
            MapTrainer.builder().optOptimizer(OptimizerKind.SGD).optLearningRate(0.1).optMomentum(0.9)
                    .optBatchSize(150).optEpochs(4000).optPriorPrecision(lambda).build()
                    .train(net, Likelihood.CATEGORICAL, data);
            float[] t = net.parameters(); // W (3x2 row-major), b (3)
            double[] grad = new double[9];
            for (int i = 0; i < 150; i++) {
                double x0 = data.features()[i * 2];
                double x1 = data.features()[i * 2 + 1];
                double[] logits = new double[3];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < 3; k++) {
                    logits[k] = t[k * 2] * x0 + t[k * 2 + 1] * x1 + t[6 + k];
                    max = Math.max(max, logits[k]);
                }
                double z = 0;
                for (int k = 0; k < 3; k++) {
                    z += Math.exp(logits[k] - max);
                }
                for (int k = 0; k < 3; k++) {
                    double r = Math.exp(logits[k] - max) / z - (data.labels()[i] == k ? 1 : 0);
                    grad[k * 2] += r * x0;
                    grad[k * 2 + 1] += r * x1;
                    grad[6 + k] += r;
                }
            }
            for (int j = 0; j < 9; j++) {
                grad[j] += lambda * t[j];
                // the terms themselves are O(10-100); a stationary point makes their sum vanish
                assertThat(grad[j]).as("gradient[%d]", j).isCloseTo(0.0, within(2e-3));
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalWeightsDifferentSeedDifferentWeights() {
        Dataset data = TestTables.blobs(300, 4, 3, 9);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {4}, new int[] {16}, Activation.RELU, 0.2f, 3);
        float[][] thetas = new float[3][];
        long[] seeds = {5, 5, 6};
        for (int r = 0; r < 3; r++) {
            try (Network net = Network.create(spec, DropoutMode.STANDARD, seeds[r])) {
                MapTrainer.builder().optEpochs(3).optBatchSize(32).optSeed(seeds[r]).build()
                        .train(net, Likelihood.CATEGORICAL, data);
                thetas[r] = net.parameters();
            }
        }
        assertThat(thetas[0]).containsExactly(thetas[1]);
        assertThat(thetas[0]).isNotEqualTo(thetas[2]);
    }

    @Test
    void earlyStoppingKeepsTheBestValidationEpoch() {
        Dataset train = TestTables.blobs(60, 20, 3, 1);
        Dataset val = TestTables.blobs(300, 20, 3, 2);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {20}, new int[] {64}, Activation.RELU, 0f, 3);
        List<EpochRecord> seen = new ArrayList<>();
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 3)) {
            TrainingResult res = MapTrainer.builder().optEpochs(40).optBatchSize(10).optLearningRate(0.01)
                    .optPriorPrecision(0).optPatience(3).addListener(new TrainingListener() {
                        @Override
                        public void onEpoch(EpochRecord record) {
                            seen.add(record);
                        }
                    }).build().train(net, Likelihood.CATEGORICAL, train, val);
            double best = seen.stream().mapToDouble(EpochRecord::validationNll).min().orElseThrow();
            assertThat(seen.get(res.bestEpoch() - 1).validationNll()).isEqualTo(best);
            // the kept weights are that epoch's: recomputing the validation NLL gives the recorded minimum
            assertThat(Evaluation.meanNll(net, Likelihood.CATEGORICAL, val, Float.NaN)).isCloseTo(best, within(1e-6));
            assertThat(res.epochs()).hasSize(seen.size());
            // 60 rows, 20 features, 64 hidden units and no prior over-fit long before epoch 40
            assertThat(res.stoppedEarly()).as("stopped early at epoch %d of 40", seen.size()).isTrue();
            assertThat(seen.size() - res.bestEpoch()).as("epochs after the best").isEqualTo(3);
        }
    }

    @Test
    void learnsSeparableBlobs() {
        Dataset train = TestTables.blobs(600, 4, 4, 11);
        Dataset test = TestTables.blobs(400, 4, 4, 12);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {4}, new int[] {32, 32}, Activation.RELU, 0.1f, 4);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).trainer(MapTrainer.builder().optEpochs(30).optBatchSize(32).optSeed(1).build()).seed(1)
                .build())) {
            int[] pred = map.predictClasses(test).predictions();
            int correct = 0;
            for (int i = 0; i < pred.length; i++) {
                correct += pred[i] == test.labels()[i] ? 1 : 0;
            }
            // centres 3 apart along axes with unit noise: the Bayes error is below 5%
            assertThat(correct / 400.0).isGreaterThan(0.9);
        }
    }

    /** The LeNet-style CNN trains on images: bright top half (class 0) versus bright bottom half (class 1). */
    @Test
    void cnnLearnsASimpleImageRule() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        int n = 256;
        float[] x = new float[n * 28 * 28];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(2);
            for (int row = 0; row < 28; row++) {
                for (int col = 0; col < 28; col++) {
                    boolean bright = (row < 14) == (y[i] == 0);
                    x[i * 784 + row * 28 + col] = (float) ((bright ? 0.7 : 0.2) + 0.2 * r.nextDouble());
                }
            }
        }
        Dataset images = Dataset.classification(x, n, new int[] {1, 28, 28}, Dataset.defaultFeatureNames(784), y,
                List.of("top", "bottom"), "label");
        NetworkSpec spec = NetworkSpec.lenet(new int[] {1, 28, 28}, Activation.RELU, 0f, 2);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(images).likelihood(Likelihood.CATEGORICAL)
                .network(spec).standardize(false).trainer(MapTrainer.builder().optEpochs(3).optBatchSize(32).optSeed(1)
                .build()).seed(1).build())) {
            int[] pred = map.predictClasses(images).predictions();
            int correct = 0;
            for (int i = 0; i < n; i++) {
                correct += pred[i] == y[i] ? 1 : 0;
            }
            assertThat(correct / (double) n).isGreaterThan(0.95);
        }
    }

    @Test
    void optionsAreValidatedWithTheValueFound() {
        assertThatThrownBy(() -> MapTrainer.builder().optEpochs(0).build()).hasMessage("epochs must be >= 1, found 0");
        assertThatThrownBy(() -> MapTrainer.builder().optLearningRate(-1).build())
                .hasMessage("lr must be > 0, found -1.0");
        assertThatThrownBy(() -> MapTrainer.builder().optPriorPrecision(-2).build())
                .hasMessage("prior-precision must be >= 0, found -2.0");
        assertThatThrownBy(() -> MapTrainer.builder().optAdversarialEpsilon(-1).build())
                .hasMessage("adversarial-epsilon must be >= 0, found -1.0");
        Dataset data = TestTables.blobs(10, 3, 2, 1);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {4}, new int[0], Activation.RELU, 0f, 2);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 1)) {
            assertThatThrownBy(() -> MapTrainer.builder().build().train(net, Likelihood.CATEGORICAL, data))
                    .hasMessage("the network takes 4 features, the training set has 3");
        }
    }

    /** x' = x + ε·range ⊙ sign(g), the range of each feature taken over the training rows. */
    @Test
    void fastGradientSignStepsEachFeatureByEpsilonTimesItsRange() {
        float[] x = {0f, 10f, 2f, -10f, 1f, 0f}; // feature 0 in [0, 2], feature 1 in [-10, 10]
        Dataset train = Dataset.regression(x, 3, new int[] {2}, Dataset.defaultFeatureNames(2), new float[3], "y");
        FastGradientSign fgsm = FastGradientSign.of(0.01, train);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray in = m.create(new float[] {1f, 1f, 1f, 1f}, new ai.djl.ndarray.types.Shape(2, 2));
            ai.djl.ndarray.NDArray g = m.create(new float[] {3f, -0.5f, 0f, 2f}, new ai.djl.ndarray.types.Shape(2, 2));
            assertThat(fgsm.perturb(in, g).toFloatArray()).containsExactly(1.02f, 0.8f, 1f, 1.2f);
        }
        assertThatThrownBy(() -> FastGradientSign.of(0, train))
                .hasMessage("adversarial epsilon must be > 0, found 0.0");
    }

    /** Gaussian elimination with partial pivoting (small dense systems). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        double[] v = b.clone();
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] t = m[c];
            m[c] = m[p];
            m[p] = t;
            double tv = v[c];
            v[c] = v[p];
            v[p] = tv;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k < n; k++) {
                    m[r][k] -= f * m[c][k];
                }
                v[r] -= f * v[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = v[r];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
