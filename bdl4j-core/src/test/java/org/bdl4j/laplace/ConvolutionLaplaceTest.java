package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.BruteForceNetwork;
import org.bdl4j.curvature.TinyCnn;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.Posteriors;
import org.bdl4j.linalg.Cholesky;
import org.bdl4j.linalg.Kronecker;
import org.bdl4j.nn.Network;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * All-weights Laplace of {@link TinyCnn}, convolutions included. The GLM output covariance J Σ Jᵀ of
 * each structure equals a dense computation from brute force ({@link BruteForceNetwork}): J from one
 * backward pass per output, Σ the inverse (by Cholesky) of the brute-force GGN + λI (full), of its
 * diagonal (diag), or of the block-diagonal Kronecker matrix Σ_l G_l ⊗ A_l + λI built densely from the
 * expand-formula factors (kron); measured agreement about 5e-8 relative, and the convolutions carry 47% to
 * 78% of the output variances, so leaving them out would fail. The posterior, saved and loaded, predicts
 * bit-identically, and the prior grid search weighs one pass of Jacobians for every λ of its grid.
 */
class ConvolutionLaplaceTest {
    private static final double LAMBDA = 0.5;

    @ParameterizedTest
    @EnumSource(HessianStructure.class)
    void glmOutputCovarianceEqualsDenseJacobianTimesCovariance(HessianStructure structure) {
        Dataset train = TinyCnn.images(5, 3);
        Dataset test = TinyCnn.images(3, 7).withoutTargets();
        try (Network net = TinyCnn.network(3, 4); MapPosterior map = classifier(net, train);
                LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(structure)
                        .priorPrecision(PriorPrecision.fixed(LAMBDA)).build().fit(train)) {
            int p = net.parameterCount();
            assertThat(post.parameterCount()).isEqualTo(p);
            List<AffineLayer> layers = AffineLayer.of(net);
            double[] sigma = denseCovariance(structure, net, layers, train);
            LinearisedOutputs lin = post.linearise(test, false);
            LinearisedOutputs variances = post.linearise(test, true);
            for (int n = 0; n < test.rows(); n++) {
                double[][] j = BruteForceNetwork.parameterJacobian(net, test, n);
                double[][] expected = sandwich(j, sigma, p);
                double scale = 0;
                for (double[] r : expected) {
                    for (double v : r) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                }
                for (int c = 0; c < 3; c++) {
                    for (int d = 0; d < 3; d++) {
                        assertThat(lin.covariance(n, c, d)).as("%s row %d (%d, %d)", structure, n, c, d)
                                .isCloseTo(expected[c][d], within(1e-5 * scale));
                    }
                    assertThat(variances.variance(n, c)).isCloseTo(expected[c][c], within(1e-5 * scale));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HessianStructure.class)
    void savedAndLoadedCnnPosteriorsPredictBitIdentically(HessianStructure structure, @TempDir Path dir)
            throws Exception {
        Dataset train = TinyCnn.images(6, 3);
        Dataset test = TinyCnn.images(4, 7).withoutTargets();
        try (Network net = TinyCnn.network(3, 4); MapPosterior map = classifier(net, train);
                LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(structure)
                        .priorPrecision(PriorPrecision.marginalLikelihood()).prediction(PredictionType.NN)
                        .optSamples(10).optSeed(3).build().fit(train)) {
            LinearisedOutputs lin = post.linearise(test, false);
            ClassificationPredictive nn = post.predictClasses(test);
            post.save(dir.resolve("cnn"));
            try (Posterior loaded = Posteriors.load(dir.resolve("cnn"))) {
                LaplacePosterior back = (LaplacePosterior) loaded;
                assertThat(back.parameterCount()).isEqualTo(net.parameterCount());
                assertThat(back.priorPrecision()).isEqualTo(post.priorPrecision());
                assertThat(back.linearise(test, false).covariance()).containsExactly(lin.covariance());
                assertThat(back.linearise(test, false).mean()).containsExactly(lin.mean());
                ClassificationPredictive again = back.predictClasses(test);
                for (int i = 0; i < test.rows(); i++) {
                    assertThat(again.probabilities()[i]).containsExactly(nn.probabilities()[i]);
                }
            }
        }
    }

    /**
     * The NN predictive draws every weight, convolutions included: with a large prior precision the
     * network is linear over the spread of the draws, so the sample variance of f(x, θ_s) over S = 3,000
     * KFAC draws must match the GLM variance J Σ Jᵀ (checked above against brute force) within Monte
     * Carlo error (relative s.e. of a sample variance √(2/S) = 2.6%; allowed 4 s.e.). The convolutions
     * carry about 60% of that variance here: leaving them at the MAP gives a ratio of 0.38 (measured).
     */
    @Test
    void nnPredictiveVarianceMatchesTheGlmVarianceWithConvolutionsSampled() {
        Dataset train = TinyCnn.regressionImages(8, 3);
        Dataset test = TinyCnn.regressionImages(4, 7).withoutTargets();
        int samples = 3000;
        try (Network net = TinyCnn.network(1, 4);
                MapPosterior map = new MapPosterior(net, Likelihood.GAUSSIAN, ModelSchema.of(train, false), 1.0,
                        new JsonObject(), 1);
                LaplacePosterior glm = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(HessianStructure.KRON)
                        .priorPrecision(PriorPrecision.fixed(1e4)).build().fit(train);
                LaplacePosterior nn = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(HessianStructure.KRON)
                        .priorPrecision(PriorPrecision.fixed(1e4)).prediction(PredictionType.NN).optSamples(samples)
                        .optSeed(5).build().fit(train)) {
            double[] linear = glm.predictRegression(test).epistemicVariance();
            double[] sampled = nn.predictRegression(test).epistemicVariance();
            double tolerance = 4 * Math.sqrt(2.0 / samples);
            for (int i = 0; i < test.rows(); i++) {
                assertThat(sampled[i] / linear[i]).as("row %d", i).isCloseTo(1.0, within(tolerance));
            }
        }
    }

    /**
     * Per-layer prior precisions: each convolution is a prior group of its own, and the per-layer
     * maximum of the marginal likelihood is at least the scalar one (it contains it).
     */
    @ParameterizedTest
    @EnumSource(HessianStructure.class)
    void eachConvolutionHasItsOwnPriorPrecision(HessianStructure structure) {
        Dataset train = TinyCnn.images(8, 3);
        try (Network net = TinyCnn.network(3, 4); MapPosterior map = classifier(net, train);
                LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(structure)
                        .priorPrecision(PriorPrecision.marginalLikelihood()).build().fit(train)) {
            assertThat(post.priorGroupSizes()).containsExactly(52, 102, 9);
            double scalar = post.logMarginalLikelihood(post.priorPrecision());
            post.setPriorPrecision(PriorPrecision.marginalLikelihoodPerLayer());
            double[] lambdas = post.priorPrecisions();
            assertThat(lambdas).hasSize(3);
            assertThat(post.logMarginalLikelihood(lambdas)).isGreaterThanOrEqualTo(scalar - 1e-9);
        }
    }

    /**
     * The prior grid search evaluates every λ of the grid from one pass of Jacobians (KFAC and full
     * rotate them into an eigenbasis once, diag squares them, and each weighs them per λ): each λ's
     * per-row validation NLL must equal that of the posterior set to that fixed λ and predicting through
     * the public API,
     * with the full covariances of the Monte Carlo link and the variances of the probit link.
     */
    @ParameterizedTest
    @EnumSource(HessianStructure.class)
    void gridNllsFromOneSweepEqualThoseOfEachFixedPrior(HessianStructure structure) {
        Dataset train = TinyCnn.images(8, 3);
        Dataset validation = TinyCnn.images(7, 9);
        double[] grid = ((PriorPrecision.GridSearch) PriorPrecision.gridSearch(validation, 1e-3, 1e3, 7)).grid();
        for (Link link : new Link[] {Link.MC, Link.PROBIT}) {
            try (Network net = TinyCnn.network(3, 4); MapPosterior map = classifier(net, train);
                    LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(structure)
                            .link(link).optSamples(50).priorPrecision(PriorPrecision.fixed(1.0)).build().fit(train)) {
                double[][] swept = post.validationRowNll(grid, post.sigmaNoise(), validation);
                for (int k = 0; k < grid.length; k++) {
                    post.setPriorPrecision(PriorPrecision.fixed(grid[k]));
                    double[][] p = post.predictClasses(validation).probabilities();
                    for (int i = 0; i < p.length; i++) {
                        double expected = -Math.log(p[i][validation.labels()[i]]);
                        assertThat(swept[k][i]).as("%s %s λ %s row %d", structure, link, grid[k], i)
                                .isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
                    }
                }
            }
        }
    }

    /** A model whose recorded parameter count disagrees with its network's subset is refused in one line. */
    @Test
    void aManifestWithAnotherParameterCountIsRefused(@TempDir Path dir) throws Exception {
        Dataset train = TinyCnn.images(6, 3);
        try (Network net = TinyCnn.network(3, 4); MapPosterior map = classifier(net, train);
                LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL)
                        .priorPrecision(PriorPrecision.fixed(1.0)).build().fit(train)) {
            Path model = dir.resolve("cnn");
            post.save(model);
            Path manifest = model.resolve(org.bdl4j.io.ModelDirectory.MANIFEST);
            String text = java.nio.file.Files.readString(manifest);
            assertThat(text).contains("\"parameters\": 163");
            java.nio.file.Files.writeString(manifest, text.replace("\"parameters\": 163", "\"parameters\": 9"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Posteriors.load(model))
                    .isInstanceOf(org.bdl4j.io.ModelFileException.class)
                    .hasMessage(manifest + ": the laplace posterior covers 9 parameters, the network's all subset has"
                            + " 163");
        }
    }

    /** Conv taps (patches, per-sample Jacobians) leave no array alive: the count is flat over predictions. */
    @ParameterizedTest
    @EnumSource(HessianStructure.class)
    void fitPredictAndCloseLeaveNoNativeArraysBehind(HessianStructure structure) {
        Dataset train = TinyCnn.images(6, 3);
        Dataset test = TinyCnn.images(20, 7).withoutTargets();
        try (Network net = TinyCnn.network(3, 4); MapPosterior map = classifier(net, train)) {
            Laplace laplace = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(structure).link(Link.MC)
                    .optSamples(5).priorPrecision(PriorPrecision.fixed(1.0)).build();
            try (LaplacePosterior warm = laplace.fit(train)) {
                warm.predictClasses(test);
            }
            int before = LaplaceBehaviourTest.liveArrays();
            try (LaplacePosterior post = laplace.fit(train)) {
                post.predictClasses(test); // the full structure forms Σ on its first prediction
                int fitted = LaplaceBehaviourTest.liveArrays();
                PriorPrecision grid = PriorPrecision.gridSearch(TinyCnn.images(8, 9), 1e-2, 1e2, 3);
                for (int i = 0; i < 10; i++) {
                    post.predictClasses(test);
                    post.linearise(test, true);
                    post.setPriorPrecision(i % 2 == 0 ? grid : PriorPrecision.fixed(1.0));
                }
                post.predictClasses(test);
                assertThat(LaplaceBehaviourTest.liveArrays()).as("%s: after 10 predictions", structure)
                        .isEqualTo(fitted);
            }
            assertThat(LaplaceBehaviourTest.liveArrays()).as("%s: after close", structure).isEqualTo(before);
        }
    }

    static MapPosterior classifier(Network net, Dataset train) {
        return new MapPosterior(net, Likelihood.CATEGORICAL, ModelSchema.of(train, false), Double.NaN,
                new JsonObject(), 1);
    }

    /** Σ in θ's order for the structure, from brute-force curvature. */
    private static double[] denseCovariance(HessianStructure structure, Network net, List<AffineLayer> layers,
            Dataset train) {
        int p = net.parameterCount();
        double[] ggn = BruteForceNetwork.ggn(net, train);
        switch (structure) {
            case FULL -> {
                return Cholesky.factor(org.bdl4j.linalg.Matrices.addDiagonal(ggn, p, LAMBDA), p).inverse();
            }
            case DIAG -> {
                double[] s = new double[p * p];
                for (int i = 0; i < p; i++) {
                    s[i * p + i] = 1 / (ggn[i * p + i] + LAMBDA);
                }
                return s;
            }
            default -> {
                double[] s = new double[p * p];
                for (AffineLayer l : layers) {
                    double[][] f = BruteForceNetwork.kfacFactors(net, l, train);
                    int in1 = l.in() + 1;
                    int q = l.size();
                    double[] block = Kronecker.product(f[1], l.out(), l.out(), f[0], in1, in1);
                    double[] inv = Cholesky.factor(org.bdl4j.linalg.Matrices.addDiagonal(block, q, LAMBDA), q)
                            .inverse();
                    for (int a = 0; a < q; a++) {
                        for (int b = 0; b < q; b++) {
                            s[l.flatIndex(a / in1, a % in1) * p + l.flatIndex(b / in1, b % in1)] = inv[a * q + b];
                        }
                    }
                }
                return s;
            }
        }
    }

    /** J Σ Jᵀ, C x C. */
    static double[][] sandwich(double[][] j, double[] sigma, int p) {
        int c = j.length;
        double[][] js = new double[c][p];
        for (int a = 0; a < c; a++) {
            for (int q = 0; q < p; q++) {
                double v = 0;
                for (int r = 0; r < p; r++) {
                    v += j[a][r] * sigma[r * p + q];
                }
                js[a][q] = v;
            }
        }
        double[][] out = new double[c][c];
        for (int a = 0; a < c; a++) {
            for (int b = 0; b < c; b++) {
                double v = 0;
                for (int q = 0; q < p; q++) {
                    v += js[a][q] * j[b][q];
                }
                out[a][b] = v;
            }
        }
        return out;
    }
}
