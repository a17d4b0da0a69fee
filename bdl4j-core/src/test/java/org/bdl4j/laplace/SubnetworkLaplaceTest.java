package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.PredictiveAssertions;
import org.bdl4j.curvature.LinearLayer;
import org.bdl4j.curvature.ReferenceMlp;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subnetwork Laplace (Daxberger et al. 2021) on a 2-16-2 tanh MLP (P = 82) trained on two moons:
 * a subnetwork of every parameter is the all-weights full Laplace, one of the last layer's parameters
 * is the last-layer full Laplace, the largest-variance selection is the top S of a brute-force
 * diagonal GGN (finite-difference Jacobians in double, {@link ReferenceMlp}), and a saved subnetwork
 * posterior loads back bit-identical.
 */
class SubnetworkLaplaceTest {
    private static final Dataset MOONS = ToyData.twoMoons(200, 0.1, 7);
    private static final Dataset TEST = ToyData.twoMoons(40, 0.3, 9).withoutTargets();
    private static MapPosterior map;

    @BeforeAll
    static void train() {
        MapTrainer trainer = MapTrainer.builder().optEpochs(60).optBatchSize(50).optLearningRate(1e-2)
                .optPriorPrecision(1.0).optSeed(3).build();
        // no standardisation: the brute-force reference sees the same inputs as the network
        map = MapMethod.train(FitRequest.builder(MOONS).likelihood(Likelihood.CATEGORICAL)
                .network(NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.TANH, 0f, 2)).standardize(false)
                .trainer(trainer).seed(3).build());
    }

    @AfterAll
    static void close() {
        map.close();
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    @Test
    void aSubnetworkOfEveryParameterIsTheAllWeightsFullLaplace() {
        int p = map.network().parameterCount();
        assertThat(p).isEqualTo(82);
        try (LaplacePosterior full = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(HessianStructure.FULL)
                .link(Link.MC).optSamples(500).priorPrecision(PriorPrecision.marginalLikelihood()).build().fit(MOONS);
                LaplacePosterior sub = Laplace.builder(map).subnetwork(SubnetworkSelection.of(range(0, p)))
                        .link(Link.MC).optSamples(500).priorPrecision(PriorPrecision.marginalLikelihood()).build()
                        .fit(MOONS)) {
            assertThat(sub.parameterCount()).isEqualTo(p);
            assertThat(sub.hessian()).isEqualTo(HessianStructure.FULL);
            assertSamePosterior(sub, full, 1e-10);
        }
    }

    @Test
    void aSubnetworkOfTheLastLayerIsTheLastLayerFullLaplace() {
        List<LinearLayer> layers = LinearLayer.of(map.network());
        int last = layers.get(1).size();
        int p = map.network().parameterCount();
        try (LaplacePosterior lastLayer = Laplace.builder(map).subset(SubsetOfWeights.LAST_LAYER)
                .hessian(HessianStructure.FULL).link(Link.MC).optSamples(500)
                .priorPrecision(PriorPrecision.marginalLikelihood()).build().fit(MOONS);
                LaplacePosterior sub = Laplace.builder(map).subnetwork(SubnetworkSelection.of(range(p - last, p)))
                        .link(Link.MC).optSamples(500).priorPrecision(PriorPrecision.marginalLikelihood()).build()
                        .fit(MOONS)) {
            assertThat(sub.parameterCount()).isEqualTo(last);
            // the last layer's GGN: per-sample Λ_b in the block formula vs its square-root columns
            assertSamePosterior(sub, lastLayer, 1e-9);
        }
    }

    /** Same λ, log marginal likelihood, linearised output covariances and predictives (MC link, NN draws). */
    private static void assertSamePosterior(LaplacePosterior actual, LaplacePosterior expected, double relative) {
        assertThat(actual.priorPrecision()).isCloseTo(expected.priorPrecision(),
                within(1e-6 * expected.priorPrecision()));
        for (double lambda : new double[] {0.1, 1, 10}) {
            double e = expected.logMarginalLikelihood(lambda);
            assertThat(actual.logMarginalLikelihood(lambda)).isCloseTo(e, within(relative * Math.abs(e)));
        }
        expected.setPriorPrecision(PriorPrecision.fixed(0.7));
        actual.setPriorPrecision(PriorPrecision.fixed(0.7));
        LinearisedOutputs a = actual.linearise(TEST);
        LinearisedOutputs b = expected.linearise(TEST);
        assertThat(a.mean()).containsExactly(b.mean(), within(1e-12));
        double scale = Arrays.stream(b.covariance()).map(Math::abs).max().orElseThrow();
        assertThat(scale).isGreaterThan(1e-3);
        for (int i = 0; i < b.covariance().length; i++) {
            assertThat(a.covariance()[i]).as("covariance entry %d", i).isCloseTo(b.covariance()[i],
                    within(relative * scale));
        }
        double[][] pa = actual.predictClasses(TEST).probabilities();
        double[][] pb = expected.predictClasses(TEST).probabilities();
        for (int i = 0; i < pb.length; i++) {
            assertThat(pa[i]).containsExactly(pb[i], within(1e-6));
        }
    }

    /**
     * The brute-force diagonal GGN Σ_n diag(J_nᵀ Λ_n J_n) (finite-difference Jacobians, double) ranks
     * the 82 parameters; the selection must be exactly the 20 of largest 1/(h + λ). The test first
     * checks that the 20th and 21st values are separated by far more than the float32 error of the
     * network's curvature (1e-6 relative), so that the comparison is decisive.
     */
    @Test
    void largestVarianceSelectionIsTheTopOfABruteForceDiagonal() {
        int size = 20;
        float[] theta = map.network().parameters();
        double[] t = new double[theta.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = theta[i];
        }
        double[][] xs = new double[MOONS.rows()][];
        for (int i = 0; i < xs.length; i++) {
            float[] r = MOONS.row(i);
            xs[i] = new double[] {r[0], r[1]};
        }
        int p = t.length;
        double[] ggn = new ReferenceMlp(2, 16, 2).ggn(t, xs);
        double[] diagonal = new double[p]; // augmented layout, layer after layer
        int k = 0;
        for (LinearLayer l : LinearLayer.of(map.network())) {
            for (int o = 0; o < l.out(); o++) {
                for (int i = 0; i <= l.in(); i++) {
                    int f = l.flatIndex(o, i);
                    diagonal[k++] = ggn[f * p + f];
                }
            }
        }
        Integer[] order = new Integer[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(diagonal[a], diagonal[b])); // largest 1/(h + λ) first
        double gap = diagonal[order[size]] - diagonal[order[size - 1]];
        assertThat(gap).as("separation of the 20th and 21st curvature").isGreaterThan(1e-3 * diagonal[order[size]]);
        int[] expected = new int[size];
        for (int s = 0; s < size; s++) {
            expected[s] = order[s];
        }
        Arrays.sort(expected);
        try (LaplacePosterior post = Laplace.builder(map).subnetwork(SubnetworkSelection.largestVariance(size))
                .priorPrecision(PriorPrecision.fixed(1.0)).build().fit(MOONS)) {
            assertThat(post.subnetwork()).isPresent();
            assertThat(post.subnetwork().get().indices()).containsExactly(expected);
            assertThat(post.parameterCount()).isEqualTo(size);
        }
        // and the ranking rule itself: ties to the lower index, λ shifts nothing for a scalar prior
        assertThat(LargestVarianceSubnetwork.indices(new double[] {3, 1, 1, 0, 2}, 5, 3)).containsExactly(1, 2, 3);
    }

    @Test
    void aSubnetworkPosteriorWithPerLayerPriorsSavesAndLoadsBitIdentically(@TempDir Path dir) throws Exception {
        for (PredictionType type : PredictionType.values()) {
            try (LaplacePosterior post = Laplace.builder(map).subnetwork(SubnetworkSelection.largestVariance(30))
                    .priorPrecision(PriorPrecision.marginalLikelihoodPerLayer()).link(Link.MC).prediction(type)
                    .optSamples(50).optSeed(4).build().fit(MOONS)) {
                assertThat(post.priorGroupSizes()).hasSize(2);
                ClassificationPredictive before = post.predictClasses(TEST);
                Path model = dir.resolve("subnet-" + type.cliName());
                post.save(model);
                try (Posterior loaded = Posteriors.load(model)) {
                    LaplacePosterior l = (LaplacePosterior) loaded;
                    assertThat(l.subnetwork().get().indices()).containsExactly(post.subnetwork().get().indices());
                    assertThat(l.priorPrecisions()).containsExactly(post.priorPrecisions());
                    assertThat(l.prediction()).isEqualTo(type);
                    assertThat(l.logMarginalLikelihood(l.priorPrecisions()))
                            .isEqualTo(post.logMarginalLikelihood(post.priorPrecisions()));
                    PredictiveAssertions.assertIdentical(l.predictClasses(TEST), before);
                }
            }
        }
    }

    @Test
    void badSubnetworkOptionsAreOneLineErrorsNamingTheValue() {
        assertThatThrownBy(() -> SubnetworkSelection.largestVariance(0)).hasMessage(
                "subnetwork-size must be >= 1, found 0");
        assertThatThrownBy(() -> SubnetworkSelection.of()).hasMessage(
                "a subnetwork needs at least one parameter index, found none");
        assertThatThrownBy(() -> Laplace.builder(map).subnetwork(SubnetworkSelection.largestVariance(83)).build())
                .hasMessage("subnetwork-size must be in [1, 82] (the Linear layers have 82 parameters; a full covariance"
                        + " at most 8192), found 83");
        assertThatThrownBy(() -> Laplace.builder(map).subnetwork(SubnetworkSelection.of(3, 82)).build())
                .hasMessage("subnetwork index 82 is outside [0, 82) (the Linear layers' parameters)");
        assertThatThrownBy(() -> Laplace.builder(map).subnetwork(SubnetworkSelection.of(3))
                .hessian(HessianStructure.KRON).build()).hasMessage("hessian must be full for a subnetwork, found 'kron'");
        assertThatThrownBy(() -> Laplace.builder(map).subnetwork(SubnetworkSelection.of(3))
                .subset(SubsetOfWeights.LAST_LAYER).build()).hasMessage(
                        "a subnetwork's indices range over every Linear layer (subset all), found subset last-layer");
    }
}
