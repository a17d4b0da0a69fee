package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.PredictiveAssertions;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LaplaceBehaviourTest {

    private static MapPosterior trainMoons() {
        return MoonsMap.train(ToyData.twoMoons(200, 0.1, 7), new int[] {16}, 60);
    }

    @Test
    void allWeightsKfacGlmStdInTheGapIsAtLeastTwiceItsMeanOnTheTrainingInputs() {
        Dataset train = ToyData.regressionGap(200, 11);
        MapTrainer trainer = MapTrainer.builder().optEpochs(400).optBatchSize(200).optLearningRate(1e-2)
                .optPriorPrecision(1.0).optSeed(5).build();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.GAUSSIAN)
                .network(NetworkSpec.mlp(new int[] {1}, new int[] {50}, Activation.TANH, 0f, 1)).trainer(trainer)
                .seed(5).build());
                LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(HessianStructure.KRON)
                        .priorPrecision(PriorPrecision.marginalLikelihood()).build().fit(train)) {
            RegressionPredictive onTrain = post.predictRegression(train);
            double meanStd = 0;
            for (double v : onTrain.epistemicVariance()) {
                meanStd += Math.sqrt(v);
            }
            meanStd /= train.rows();
            double mid = ToyData.regressionGapMidpoint();
            RegressionPredictive atGap = post.predictRegression(Dataset.unlabeled(new float[] {(float) mid}, 1,
                    new int[] {1}, Dataset.defaultFeatureNames(1)));
            double gapStd = Math.sqrt(atGap.epistemicVariance()[0]);
            assertThat(gapStd).as("gap std %s vs mean train std %s (λ = %s)", gapStd, meanStd, post.priorPrecision())
                    .isGreaterThanOrEqualTo(2 * meanStd);
            // aleatoric = σ² in target units, the same everywhere
            assertThat(atGap.aleatoricVariance()[0]).isCloseTo(onTrain.aleatoricVariance()[0], within(1e-12));
            // a σ given in target units comes back as the aleatoric variance (the targets are standardised)
            try (LaplacePosterior noisy = Laplace.builder(map).optSigmaNoise(0.25).build().fit(train)) {
                assertThat(noisy.predictRegression(train).aleatoricVariance()[0]).isCloseTo(0.0625, within(1e-12));
                assertThat(noisy.sigmaNoise()).isNotCloseTo(0.25, within(1e-3));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HessianStructure.class)
    void savedAndLoadedPosteriorsPredictTheSame(HessianStructure structure, @TempDir Path dir) throws Exception {
        Dataset moons = ToyData.twoMoons(200, 0.1, 7);
        Dataset grid = ToyData.twoMoons(50, 0.3, 8).withoutTargets();
        try (MapPosterior map = trainMoons();
                LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(structure)
                        .priorPrecision(PriorPrecision.marginalLikelihood()).link(Link.MC).optSamples(20).build()
                        .fit(moons)) {
            ClassificationPredictive before = post.predictClasses(grid);
            post.save(dir.resolve("model"));
            try (Posterior loaded = Posteriors.load(dir.resolve("model"))) {
                assertThat(loaded).isInstanceOf(LaplacePosterior.class);
                assertThat(((LaplacePosterior) loaded).priorPrecision()).isEqualTo(post.priorPrecision());
                // the posterior keeps its curvature rounded to float32, as saved: bit-identical
                PredictiveAssertions.assertIdentical(loaded.predictClasses(grid), before);
            }
        }
    }

    /**
     * Two classes: softmax depends on d = f0 - f1 only, d ~ N(μ0 - μ1, Σ00 + Σ11 - 2Σ01), so the
     * exact GLM predictive is the 1-D integral E[σ(d)], computed here by a 2,001-point rule on ±8 sd.
     * MC (20,000 draws) must match it; probit must be the stated per-logit formula; a huge prior
     * precision must give back the MAP.
     */
    @Test
    void glmLinksAgreeWithAnIndependentIntegralAndTheStatedProbitFormula() {
        Dataset moons = ToyData.twoMoons(200, 0.1, 7);
        Dataset test = ToyData.twoMoons(40, 0.3, 9).withoutTargets();
        try (MapPosterior map = trainMoons();
                LaplacePosterior probit = Laplace.builder(map).hessian(HessianStructure.FULL).link(Link.PROBIT)
                        .priorPrecision(PriorPrecision.fixed(1.0)).build().fit(moons);
                LaplacePosterior mc = Laplace.builder(map).hessian(HessianStructure.FULL).link(Link.MC)
                        .optSamples(20000).priorPrecision(PriorPrecision.fixed(1.0)).build().fit(moons);
                LaplacePosterior sharp = Laplace.builder(map).hessian(HessianStructure.FULL).link(Link.PROBIT)
                        .priorPrecision(PriorPrecision.fixed(1e9)).build().fit(moons)) {
            LinearisedOutputs lin = probit.linearise(test);
            double[][] p = probit.predictClasses(test).probabilities();
            double[][] q = mc.predictClasses(test).probabilities();
            double[][] s = sharp.predictClasses(test).probabilities();
            double[][] m = map.predictClasses(test).probabilities();
            for (int i = 0; i < test.rows(); i++) {
                double mu = lin.mean()[2 * i] - lin.mean()[2 * i + 1];
                double var = lin.covariance(i, 0, 0) + lin.covariance(i, 1, 1) - 2 * lin.covariance(i, 0, 1);
                assertThat(var).isGreaterThan(0);
                assertThat(q[i][0]).isCloseTo(expectedSigmoid(mu, var), within(0.01));
                double k0 = lin.mean()[2 * i] / Math.sqrt(1 + Math.PI / 8 * lin.covariance(i, 0, 0));
                double k1 = lin.mean()[2 * i + 1] / Math.sqrt(1 + Math.PI / 8 * lin.covariance(i, 1, 1));
                assertThat(p[i][0]).isCloseTo(1 / (1 + Math.exp(k1 - k0)), within(1e-12));
                assertThat(s[i][0]).isCloseTo(m[i][0], within(1e-4));
            }
        }
    }

    private static double expectedSigmoid(double mu, double var) {
        double sd = Math.sqrt(var);
        int k = 2001;
        double lo = -8;
        double h = 16.0 / (k - 1);
        double sum = 0;
        for (int j = 0; j < k; j++) {
            double z = lo + j * h;
            double w = (j == 0 || j == k - 1) ? 0.5 : 1;
            sum += w * Math.exp(-z * z / 2) / (1 + Math.exp(-(mu + sd * z)));
        }
        return sum * h / Math.sqrt(2 * Math.PI);
    }

    /** A small tanh MLP (8 hidden) fitted to {@code train} with a Gaussian likelihood, 50 epochs. */
    static MapPosterior trainRegression(Dataset train) {
        MapTrainer trainer = MapTrainer.builder().optEpochs(50).optBatchSize(50).optLearningRate(1e-2)
                .optPriorPrecision(1.0).optSeed(2).build();
        return MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.GAUSSIAN)
                .network(NetworkSpec.mlp(new int[] {1}, new int[] {8}, Activation.TANH, 0f, 1)).trainer(trainer).seed(2)
                .build());
    }

    @Test
    void aRegressionPosteriorWithChosenNoiseSavesAndLoads(@TempDir Path dir) throws Exception {
        Dataset train = ToyData.regressionGap(100, 2);
        try (MapPosterior map = trainRegression(train);
                LaplacePosterior post = Laplace.builder(map).hessian(HessianStructure.FULL).optimizeSigmaNoise()
                        .priorPrecision(PriorPrecision.marginalLikelihood()).build().fit(train)) {
            assertThat(post.sigmaNoise()).isNotEqualTo(map.sigmaNoise());
            RegressionPredictive before = post.predictRegression(train);
            post.save(dir.resolve("reg"));
            try (Posterior loaded = Posteriors.load(dir.resolve("reg"))) {
                PredictiveAssertions.assertIdentical(loaded.predictRegression(train), before);
            }
        }
    }

    /** The variances-only path (no C x C covariances; implicit last-layer Jacobian) is the diagonal of the full one. */
    @ParameterizedTest
    @EnumSource(SubsetOfWeights.class)
    void outputVariancesAreTheDiagonalOfTheFullCovariance(SubsetOfWeights subset) {
        Dataset moons = ToyData.twoMoons(200, 0.1, 7);
        Dataset test = ToyData.twoMoons(30, 0.3, 9).withoutTargets();
        try (MapPosterior map = trainMoons()) {
            for (HessianStructure h : HessianStructure.values()) {
                try (LaplacePosterior post = Laplace.builder(map).subset(subset).hessian(h)
                        .priorPrecision(PriorPrecision.fixed(0.5)).build().fit(moons)) {
                    LinearisedOutputs full = post.linearise(test, false);
                    LinearisedOutputs diag = post.linearise(test, true);
                    assertThat(diag.mean()).containsExactly(full.mean(), within(1e-12));
                    for (int i = 0; i < test.rows(); i++) {
                        for (int c = 0; c < 2; c++) {
                            assertThat(diag.variance(i, c)).as("%s row %d", h, i)
                                    .isCloseTo(full.covariance(i, c, c), within(1e-9 * full.covariance(i, c, c)));
                        }
                        assertThat(full.covariance(i, 0, 1)).isCloseTo(full.covariance(i, 1, 0), within(1e-9));
                    }
                }
            }
        }
    }

    /**
     * 1,000 classes, last-layer KFAC with the probit link: neither C square-root columns nor C x C
     * covariances are formed (they would be 10⁹ doubles per 1,000 rows), and the variances still
     * agree with the full covariance path on a few rows.
     */
    @Test
    void lastLayerKfacScalesToAThousandClasses() {
        int n = 400;
        int classes = 1000;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        float[] x = new float[n * 8];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int k = 0; k < classes; k++) {
            names.add("c" + k);
        }
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        Dataset train = Dataset.classification(x, n, new int[] {8}, Dataset.defaultFeatureNames(8), y, names, "y");
        org.bdl4j.nn.NetworkSpec spec = NetworkSpec.mlp(new int[] {8}, new int[] {32}, Activation.RELU, 0f, classes);
        try (org.bdl4j.nn.Network net = org.bdl4j.nn.Network.create(spec, org.bdl4j.nn.DropoutMode.STANDARD, 1);
                MapPosterior map = new MapPosterior(net, Likelihood.CATEGORICAL, org.bdl4j.ModelSchema.of(train, false),
                        Double.NaN, new com.google.gson.JsonObject(), 1);
                LaplacePosterior post = Laplace.builder(map).priorPrecision(PriorPrecision.marginalLikelihood())
                        .build().fit(train)) {
            ClassificationPredictive p = post.predictClasses(train);
            assertThat(p.probabilities()[0]).hasSize(classes);
            LinearisedOutputs diag = post.linearise(train.slice(0, 3), true);
            LinearisedOutputs full = post.linearise(train.slice(0, 3), false);
            for (int i = 0; i < 3; i++) {
                for (int c = 0; c < classes; c += 97) {
                    assertThat(diag.variance(i, c)).isCloseTo(full.covariance(i, c, c),
                            within(1e-9 * full.covariance(i, c, c)));
                }
            }
        }
    }

    /** Fitting, predicting and closing leaves no array alive in any DJL manager (both tap paths). */
    @ParameterizedTest
    @EnumSource(SubsetOfWeights.class)
    void fitPredictAndCloseLeaveNoNativeArraysBehind(SubsetOfWeights subset) {
        Dataset moons = ToyData.twoMoons(200, 0.1, 7);
        Dataset test = ToyData.twoMoons(300, 0.3, 9).withoutTargets();
        try (MapPosterior map = trainMoons()) {
            for (HessianStructure h : HessianStructure.values()) {
                Laplace laplace = Laplace.builder(map).subset(subset).hessian(h).link(Link.MC).optSamples(5)
                        .priorPrecision(PriorPrecision.marginalLikelihood()).build();
                try (LaplacePosterior warm = laplace.fit(moons)) {
                    warm.predictClasses(test);
                }
                int before = liveArrays();
                try (LaplacePosterior post = laplace.fit(moons)) {
                    int fitted = liveArrays();
                    for (int i = 0; i < 20; i++) {
                        post.predictClasses(test); // MC: full covariances
                        post.linearise(test, true); // variances only (probit, bridge, regression)
                    }
                    post.setPriorPrecision(PriorPrecision.fixed(3.0));
                    assertThat(liveArrays()).as("%s: arrays alive after 20 predictions", h).isEqualTo(fitted);
                }
                assertThat(liveArrays()).as("%s: arrays alive after close", h).isEqualTo(before);
            }
        }
    }

    /** The all-weights pass freezes the parameters' gradients only for itself: training still works after. */
    @Test
    void theNetworkStillTrainsAfterAnAllWeightsFit() {
        Dataset moons = ToyData.twoMoons(200, 0.1, 7);
        try (MapPosterior map = trainMoons();
                org.bdl4j.nn.Network untouched = map.network().copy(org.bdl4j.nn.DropoutMode.STANDARD)) {
            try (LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL).build().fit(moons)) {
                assertThat(post.parameterCount()).isEqualTo(map.network().parameterCount());
            }
            MapTrainer trainer = MapTrainer.builder().optEpochs(1).optBatchSize(50).optLearningRate(1e-2)
                    .optPriorPrecision(1e-6).optSeed(4).build();
            Dataset trainN = map.schema().toNetworkUnits(moons);
            float[] start = untouched.parameters();
            trainer.train(untouched, Likelihood.CATEGORICAL, trainN);
            trainer.train(map.network(), Likelihood.CATEGORICAL, trainN);
            assertThat(untouched.parameters()).isNotEqualTo(start);
            assertThat(map.network().parameters()).containsExactly(untouched.parameters());
        }
    }

    static int liveArrays() {
        try (ai.djl.ndarray.NDManager probe = ai.djl.ndarray.NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void badOptionsAreOneLineErrorsNamingTheValue() {
        assertThatThrownBy(() -> PriorPrecision.fixed(-1.0)).hasMessage("prior-precision must be > 0, found -1.0");
        assertThatThrownBy(() -> HessianStructure.parse("block")).hasMessage(
                "hessian must be full, diag or kron, found 'block'");
        assertThatThrownBy(() -> SubsetOfWeights.parse("first")).hasMessage(
                "subset must be last-layer or all, found 'first'");
        assertThatThrownBy(() -> CurvatureType.parse("hessian")).hasMessage(
                "curvature must be ggn, ef or mcf, found 'hessian'");
        assertThatThrownBy(() -> Link.parse("logit")).hasMessage("link must be probit, mc or bridge, found 'logit'");
        try (MapPosterior map = trainMoons()) {
            assertThatThrownBy(() -> Laplace.builder(map).optSamples(0).build()).hasMessage(
                    "samples must be >= 1, found 0");
            assertThatThrownBy(() -> Laplace.builder(map).optSigmaNoise(0.5)).hasMessage(
                    "sigma-noise applies to the gaussian likelihood, found categorical");
        }
    }
}
