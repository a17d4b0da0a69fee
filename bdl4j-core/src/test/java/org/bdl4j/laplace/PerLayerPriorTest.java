package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.PredictiveAssertions;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One prior precision λ_l per Linear layer, on a 2-16-2 ReLU MLP trained on two moons: the exact
 * gradient of the log marginal likelihood in log λ against central finite differences of the log
 * marginal likelihood itself; the optimum of the full structure is stationary; and a network whose
 * two layers are rescaled by 10 and 1/10 (the same function, ReLU being positively homogeneous) gets
 * clearly different λ_l, with a marginal likelihood above the best scalar λ's.
 */
class PerLayerPriorTest {
    private static final Dataset MOONS = ToyData.twoMoons(200, 0.1, 7);
    private static MapPosterior map;

    @BeforeAll
    static void train() {
        MapTrainer trainer = MapTrainer.builder().optEpochs(60).optBatchSize(50).optLearningRate(1e-2)
                .optPriorPrecision(1.0).optSeed(3).build();
        map = MapMethod.train(FitRequest.builder(MOONS).likelihood(Likelihood.CATEGORICAL)
                .network(NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.RELU, 0f, 2)).trainer(trainer)
                .seed(3).build());
    }

    @AfterAll
    static void close() {
        map.close();
    }

    private static LaplacePosterior fit(MapPosterior m, HessianStructure h) {
        return Laplace.builder(m).subset(SubsetOfWeights.ALL).hessian(h).priorPrecision(PriorPrecision.fixed(1.0))
                .build().fit(MOONS);
    }

    /** Central differences in log λ_l, step 1e-4: truncation ~1e-8 P, round-off ~1e-9 here. */
    private static double[] finiteDifferences(java.util.function.ToDoubleFunction<double[]> lml, double[] lambdas) {
        double h = 1e-4;
        double[] out = new double[lambdas.length];
        for (int l = 0; l < lambdas.length; l++) {
            double[] up = lambdas.clone();
            double[] down = lambdas.clone();
            up[l] *= Math.exp(h);
            down[l] *= Math.exp(-h);
            out[l] = (lml.applyAsDouble(up) - lml.applyAsDouble(down)) / (2 * h);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(HessianStructure.class)
    void gradientInLogLambdaMatchesFiniteDifferencesOfTheLogMarginalLikelihood(HessianStructure h) {
        try (LaplacePosterior post = fit(map, h)) {
            assertThat(post.priorGroupSizes()).containsExactly(48, 34);
            for (double[] lambdas : new double[][] {{0.3, 4.0}, {20.0, 0.05}, {1.0, 1.0}}) {
                double[] g = post.logMarginalLikelihoodGradient(lambdas);
                double[] fd = finiteDifferences(post::logMarginalLikelihood, lambdas);
                for (int l = 0; l < 2; l++) {
                    assertThat(g[l]).as("%s λ = %s, layer %d", h, java.util.Arrays.toString(lambdas), l)
                            .isCloseTo(fd[l], within(1e-6 * (1 + Math.abs(fd[l]))));
                }
                // at equal λ_l the per-layer form is the scalar one; for FULL the scalar route clamps the
                // round-off negative eigenvalues of H (float32 per-batch products, ~1e-7 of its norm) at 0
                // and the per-layer route's Cholesky factor cannot, which moves the value by ~1e-5 here
                if (lambdas[0] == lambdas[1]) {
                    double scalar = post.logMarginalLikelihood(lambdas[0]);
                    assertThat(post.logMarginalLikelihood(lambdas)).isCloseTo(scalar,
                            within((h == HessianStructure.FULL ? 1e-6 : 1e-12) * Math.abs(scalar)));
                }
            }
        }
    }

    /** The same for a subnetwork over both layers and for regression at a noise σ other than the fit's. */
    @Test
    void gradientMatchesFiniteDifferencesForASubnetworkAndForRegressionNoise() {
        try (LaplacePosterior sub = Laplace.builder(map).subnetwork(SubnetworkSelection.of(0, 5, 17, 40, 47, 50, 70, 81))
                .priorPrecision(PriorPrecision.fixed(1.0)).build().fit(MOONS)) {
            assertThat(sub.priorGroupSizes()).containsExactly(5, 3);
            double[] lambdas = {0.2, 3.0};
            double[] g = sub.logMarginalLikelihoodGradient(lambdas);
            double[] fd = finiteDifferences(sub::logMarginalLikelihood, lambdas);
            for (int l = 0; l < 2; l++) {
                assertThat(g[l]).isCloseTo(fd[l], within(1e-6 * (1 + Math.abs(fd[l]))));
            }
        }
        Dataset gap = ToyData.regressionGap(100, 2);
        MapTrainer trainer = MapTrainer.builder().optEpochs(50).optBatchSize(50).optLearningRate(1e-2)
                .optPriorPrecision(1.0).optSeed(2).build();
        try (MapPosterior reg = MapMethod.train(FitRequest.builder(gap).likelihood(Likelihood.GAUSSIAN)
                .network(NetworkSpec.mlp(new int[] {1}, new int[] {8}, Activation.TANH, 0f, 1)).trainer(trainer).seed(2)
                .build())) {
            for (HessianStructure h : HessianStructure.values()) {
                try (LaplacePosterior post = Laplace.builder(reg).subset(SubsetOfWeights.ALL).hessian(h)
                        .priorPrecision(PriorPrecision.fixed(1.0)).build().fit(gap)) {
                    double sd = 1.7 * post.sigmaNoise();
                    double[] lambdas = {0.5, 6.0};
                    double[] g = post.logMarginalLikelihoodGradient(lambdas, sd);
                    double[] fd = finiteDifferences(l -> post.logMarginalLikelihood(l, sd), lambdas);
                    for (int l = 0; l < 2; l++) {
                        assertThat(g[l]).as("%s layer %d", h, l).isCloseTo(fd[l], within(1e-6 * (1 + Math.abs(fd[l]))));
                    }
                }
            }
        }
    }

    @Test
    void theFullStructuresPerLayerOptimumIsStationaryAndAMaximum() {
        try (LaplacePosterior post = fit(map, HessianStructure.FULL)) {
            post.setPriorPrecision(PriorPrecision.marginalLikelihoodPerLayer());
            double[] lambdas = post.priorPrecisions();
            double[] g = post.logMarginalLikelihoodGradient(lambdas);
            int[] sizes = post.priorGroupSizes();
            double at = post.logMarginalLikelihood(lambdas);
            for (int l = 0; l < 2; l++) {
                assertThat(lambdas[l]).isBetween(1e-3, 1e5); // interior: the gradient must vanish
                assertThat(Math.abs(g[l])).as("|∂/∂log λ_%d| at λ = %s", l, java.util.Arrays.toString(lambdas))
                        .isLessThanOrEqualTo(1e-6 * sizes[l]);
                for (double f : new double[] {1.05, 1 / 1.05}) {
                    double[] moved = lambdas.clone();
                    moved[l] *= f;
                    assertThat(post.logMarginalLikelihood(moved)).isLessThan(at);
                }
            }
        }
    }

    /**
     * W₁, b₁ scaled by 10 and W₂ by 1/10: f is unchanged, ‖θ₁‖² grows 100-fold and ‖θ₂‖² shrinks
     * 100-fold, so the layers call for very different prior precisions.
     */
    @ParameterizedTest
    @EnumSource(HessianStructure.class)
    void layersOfDifferentScaleGetDifferentPrecisionsAndAHigherMarginalLikelihood(HessianStructure h) {
        float[] theta = map.network().parameters();
        var layers = org.bdl4j.curvature.LinearLayer.of(map.network());
        var first = layers.get(0);
        var second = layers.get(1);
        float[] scaled = theta.clone();
        for (int i = 0; i < first.out() * first.in(); i++) {
            scaled[first.weightOffset() + i] *= 10;
        }
        for (int o = 0; o < first.out(); o++) {
            scaled[first.biasOffset() + o] *= 10;
        }
        for (int i = 0; i < second.out() * second.in(); i++) {
            scaled[second.weightOffset() + i] /= 10;
        }
        Network net = Network.withParameters(map.network().spec(), DropoutMode.STANDARD, scaled,
                map.network().device());
        try (MapPosterior rescaled = new MapPosterior(net, Likelihood.CATEGORICAL, map.schema(), Double.NaN,
                new JsonObject(), 3);
                LaplacePosterior post = fit(rescaled, h)) {
            double[][] before = map.predictClasses(MOONS).probabilities();
            double[][] after = rescaled.predictClasses(MOONS).probabilities();
            for (int i = 0; i < before.length; i++) {
                assertThat(after[i]).containsExactly(before[i], within(1e-4));
            }
            double scalar = post.setPriorPrecision(PriorPrecision.marginalLikelihood());
            double scalarLml = post.logMarginalLikelihood(scalar);
            post.setPriorPrecision(PriorPrecision.marginalLikelihoodPerLayer());
            double[] lambdas = post.priorPrecisions();
            double perLayerLml = post.logMarginalLikelihood(lambdas);
            assertThat(lambdas[1] / lambdas[0]).as("%s: λ = %s (scalar %s)", h, java.util.Arrays.toString(lambdas),
                    scalar).isGreaterThan(10);
            assertThat(perLayerLml).as("%s: per-layer %s vs scalar %s", h, perLayerLml, scalarLml)
                    .isGreaterThan(scalarLml + 1);
            assertThat(post.priorPrecision()).isNaN();
        }
    }

    @ParameterizedTest
    @EnumSource(HessianStructure.class)
    void perLayerPosteriorsSaveAndLoadBitIdentically(HessianStructure h, @TempDir Path dir) throws Exception {
        Dataset test = ToyData.twoMoons(30, 0.3, 9).withoutTargets();
        try (LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(h).link(Link.MC)
                .optSamples(30).priorPrecision(PriorPrecision.marginalLikelihoodPerLayer()).build().fit(MOONS)) {
            post.save(dir.resolve("m"));
            try (Posterior loaded = Posteriors.load(dir.resolve("m"))) {
                LaplacePosterior l = (LaplacePosterior) loaded;
                assertThat(l.priorPrecisions()).containsExactly(post.priorPrecisions());
                assertThat(l.priorPrecisions()[0]).isNotEqualTo(l.priorPrecisions()[1]);
                PredictiveAssertions.assertIdentical(l.predictClasses(test), post.predictClasses(test));
            }
        }
    }

    @Test
    void badPerLayerInputsAreOneLineErrors() {
        try (LaplacePosterior post = fit(map, HessianStructure.DIAG)) {
            assertThatThrownBy(() -> post.logMarginalLikelihood(new double[] {1.0})).hasMessage(
                    "priorPrecisions needs 2 values (one per layer), found 1");
            assertThatThrownBy(() -> post.logMarginalLikelihoodGradient(new double[] {1.0, -2.0})).hasMessage(
                    "priorPrecision must be > 0, found -2.0");
        }
        assertThatThrownBy(() -> PriorPrecision.marginalLikelihoodPerLayer(1, 0.5)).hasMessage(
                "the prior-precision search range must satisfy 0 < low < high, found [1.0, 0.5]");
    }
}
