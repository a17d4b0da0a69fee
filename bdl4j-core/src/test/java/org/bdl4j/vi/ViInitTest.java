package org.bdl4j.vi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import org.bdl4j.BayesianLinearRegression;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.Architecture;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;

/**
 * Where q starts. After MOPED initialisation and 0 VI epochs, μ is the MAP's weight vector, the
 * Bayesian network's mean forward pass is the MAP network's output to the last bit (MLP and CNN,
 * dropout in the spec skipped), and σ = δ·|w| (up to the float32 round trip through
 * ρ = softplus⁻¹(σ), relative 1e-5).
 */
class ViInitTest {
    private static final MapTrainer TRAINER = MapTrainer.builder().optEpochs(3).optBatchSize(16)
            .optLearningRate(0.01).optSeed(1).build();

    @Test
    void mopedStartsAtTheMapNetworkWithScaledSigmas() {
        Dataset blobs = TestTables.blobs(64, 2, 3, 2);
        Dataset bars = TestTables.bars(32, 12, 3);
        NetworkSpec mlp = NetworkSpec.mlp(new int[] {2}, new int[] {8, 8}, Activation.RELU, 0.2f, 3);
        NetworkSpec cnn = new NetworkSpec(Architecture.CNN, new int[] {1, 12, 12}, new int[] {8}, new int[] {2, 3},
                Activation.RELU, 0.1f, 2);
        check(blobs, mlp);
        check(bars, cnn);
    }

    private static void check(Dataset data, NetworkSpec spec) {
        double delta = 0.1;
        Vi vi = Vi.builder().optInit(ViInit.MOPED).optMopedDelta(delta).optEpochs(0).build();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(data).likelihood(Likelihood.CATEGORICAL)
                .network(spec).standardize(false).trainer(TRAINER).seed(1).build());
                ViPosterior post = vi.fit(map, data); NDManager m = NDManager.newBaseManager()) {
            float[] w = map.network().parameters();
            assertThat(post.mean()).containsExactly(w);
            float[] std = post.std();
            for (int i = 0; i < w.length; i++) {
                double expected = Math.max(delta * Math.abs(w[i]), ViInit.MIN_SIGMA);
                assertThat((double) std[i]).as("sigma %d", i).isCloseTo(expected, within(1e-5 * expected));
            }
            BayesianNetwork net = BayesianNetwork.of(map.network(), post.mean(), post.std(), m);
            var x = Inputs.rows(m, data.features(), data.featureShape(), 0, data.rows());
            assertThat(net.meanForward(x).toFloatArray()).as(spec.architecture().cliName())
                    .containsExactly(map.network().forward(x, false).toFloatArray());
        }
    }

    /**
     * The default init on Bayesian linear regression with known noise, where the GGN is the exact
     * Hessian: μ is the model's weights and σ_i = Λ_ii^(-1/2) with Λ = AᵀA/σ² + λI computed in double
     * precision by {@link BayesianLinearRegression#precision} (float32 round trip, relative 1e-5), the
     * variances that mean-field VI's optimum has for this Gaussian posterior ({@link ViTest}).
     */
    @Test
    void laplaceInitHasTheMeanFieldVariancesOfTheLaplacePosterior() {
        Dataset train = BayesianLinearRegression.data();
        double[][] prec = BayesianLinearRegression.precision(train);
        try (MapPosterior model = BayesianLinearRegression.knownNoiseModel(train);
                ViPosterior post = Vi.builder().optEpochs(0).build().fit(model, train)) {
            assertThat(post.mean()).containsExactly(model.network().parameters());
            for (int i = 0; i < 3; i++) {
                double expected = 1 / Math.sqrt(prec[i][i]);
                assertThat((double) post.std()[i]).as("sigma %d", i).isCloseTo(expected, within(1e-5 * expected));
            }
        }
    }

    /** MAP init: the MAP's μ and σ₀ everywhere; random init: a fresh seeded network's weights and σ₀. */
    @Test
    void mapAndRandomInitialisations() {
        Dataset blobs = TestTables.blobs(64, 2, 3, 2);
        NetworkSpec mlp = NetworkSpec.mlp(new int[] {2}, new int[] {8}, Activation.RELU, 0f, 3);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(blobs).likelihood(Likelihood.CATEGORICAL)
                .network(mlp).standardize(false).trainer(TRAINER).seed(1).build());
                ViPosterior fromMap = Vi.builder().optInit(ViInit.MAP).optEpochs(0).optInitialSigma(0.02).build().fit(map, blobs);
                ViPosterior random = Vi.builder().optInit(ViInit.RANDOM).optEpochs(0).optInitialSigma(0.02).optSeed(9)
                        .build().fit(map, blobs);
                Network fresh = Network.create(mlp, DropoutMode.STANDARD, 9)) {
            assertThat(fromMap.mean()).containsExactly(map.network().parameters());
            assertThat(random.mean()).containsExactly(fresh.parameters());
            for (ViPosterior p : new ViPosterior[] {fromMap, random}) {
                for (float s : p.std()) {
                    assertThat((double) s).isCloseTo(0.02, within(1e-5 * 0.02));
                }
            }
        }
        assertThat(ViInit.parse("moped")).isEqualTo(ViInit.MOPED);
        assertThatThrownBy(() -> ViInit.parse("zeros")).hasMessage("init must be laplace, map, moped or random, found 'zeros'");
        assertThatThrownBy(() -> Vi.builder().optMopedDelta(0).build()).hasMessage("moped-delta must be > 0, found 0.0");
    }
}
