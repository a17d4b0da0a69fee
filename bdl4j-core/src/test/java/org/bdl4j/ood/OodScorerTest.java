package org.bdl4j.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.curvature.LayerTaps;
import org.bdl4j.curvature.LinearLayer;
import org.bdl4j.data.Dataset;
import org.bdl4j.ensemble.DeepEnsemble;
import org.bdl4j.ensemble.EnsembleOptions;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkOutputs;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.LeakProbe;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The scores of real networks: the features are the last hidden layer (the last Linear layer applied to
 * them gives the network's outputs), the logit scores use the members' mean logits, the ensemble's
 * variation ratio counts its members' votes, and far-away rows are detected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OodScorerTest {
    private Dataset train;
    private Dataset test;
    private Dataset far;
    private MapPosterior map;
    private DeepEnsemble ensemble;

    @BeforeAll
    void fit() {
        train = TestTables.blobs(300, 2, 3, 4);
        test = TestTables.blobs(200, 2, 3, 5);
        float[] x = new float[200 * 2];
        for (int i = 0; i < 200; i++) {
            double a = 2 * Math.PI * i / 200;
            x[2 * i] = (float) (25 * Math.cos(a));
            x[2 * i + 1] = (float) (25 * Math.sin(a));
        }
        far = Dataset.unlabeled(x, 200, new int[] {2}, train.featureNames());
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.RELU, 0f, 3);
        MapTrainer trainer = MapTrainer.builder().optEpochs(30).optBatchSize(32).build();
        map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL).network(spec)
                .trainer(trainer).seed(1).build());
        ensemble = DeepEnsemble.fit(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL).network(spec)
                .trainer(trainer).seed(2).build(), EnsembleOptions.of(3));
    }

    @AfterAll
    void close() {
        map.close();
        ensemble.close();
    }

    /** f = [z, 1] [W | b]ᵀ for the features z of the last hidden layer: recomputed here from the weights. */
    @Test
    void theFeaturesAreTheInputOfTheLastLayer() {
        Network net = map.network();
        Dataset x = map.schema().toNetworkUnits(test.withoutTargets());
        int width = NetworkActivations.featureWidth(net);
        assertThat(width).isEqualTo(16);
        float[] z = NetworkActivations.lastHidden(net, x.features(), x.featureShape(), x.rows());
        float[] f = NetworkOutputs.compute(net, x.features(), x.featureShape(), x.rows(), false);
        List<LinearLayer> layers = LinearLayer.of(net);
        try (NDManager m = net.manager().newSubManager()) {
            NDArray wb = LayerTaps.augmentedWeights(net, layers.get(layers.size() - 1), m);
            double[] w = wb.toDoubleArray(); // [3, 17]
            for (int i = 0; i < x.rows(); i++) {
                for (int k = 0; k < 3; k++) {
                    double v = w[k * 17 + 16];
                    for (int j = 0; j < 16; j++) {
                        v += w[k * 17 + j] * z[i * 16 + j];
                    }
                    assertThat(f[i * 3 + k]).isCloseTo((float) v, within(1e-4f));
                }
            }
        }
    }

    @Test
    void logitScoresUseTheMembersMeanLogits() {
        Dataset x = ensemble.schema().toNetworkUnits(test.withoutTargets());
        double[] mean = new double[x.rows() * 3];
        for (Network net : ensemble.members()) {
            float[] f = NetworkOutputs.compute(net, x.features(), x.featureShape(), x.rows(), false);
            for (int i = 0; i < f.length; i++) {
                mean[i] += f[i] / 3.0;
            }
        }
        OodScorer.Scored s = OodScorer.of(ensemble).score(test, List.of(OodScore.MAX_LOGIT, OodScore.ENERGY));
        assertThat(s.scores().get(OodScore.MAX_LOGIT)).containsExactly(LogitScores.negativeMaxLogit(mean, 3),
                within(1e-6));
        assertThat(s.scores().get(OodScore.ENERGY)).containsExactly(LogitScores.energy(mean, 3), within(1e-6));
    }

    /** 1 − (largest number of members agreeing on the arg-max) / 3, from the members' own outputs. */
    @Test
    void theEnsembleVariationRatioCountsItsMembersVotes() {
        Dataset x = ensemble.schema().toNetworkUnits(test.withoutTargets());
        int[][] votes = new int[x.rows()][3];
        for (Network net : ensemble.members()) {
            float[] f = NetworkOutputs.compute(net, x.features(), x.featureShape(), x.rows(), false);
            for (int i = 0; i < x.rows(); i++) {
                int best = 0;
                for (int k = 1; k < 3; k++) {
                    best = f[i * 3 + k] > f[i * 3 + best] ? k : best;
                }
                votes[i][best]++;
            }
        }
        double[] expected = new double[x.rows()];
        for (int i = 0; i < x.rows(); i++) {
            expected[i] = 1 - Math.max(votes[i][0], Math.max(votes[i][1], votes[i][2])) / 3.0;
        }
        ClassificationPredictive p = ensemble.predictClasses(test);
        assertThat(p.variationRatio().orElseThrow()).containsExactly(expected, within(1e-12));
        assertThat(expected).contains(0.0); // most rows agree
    }

    /** Rows 25 units from blobs of unit spread: the logit and feature scores separate them completely. */
    @Test
    void farAwayRowsAreDetected() {
        OodScorer scorer = OodScorer.withTrainingRows(map, train);
        List<OodScore> wanted = List.of(OodScore.MAX_LOGIT, OodScore.ENERGY, OodScore.MAHALANOBIS);
        OodScorer.Scored in = scorer.score(test, wanted);
        OodScorer.Scored out = scorer.score(far, wanted);
        assertThat(in.unavailable()).isEmpty();
        for (OodScore s : List.of(OodScore.MAHALANOBIS)) {
            assertThat(OodEvaluation.of(in.scores().get(s), out.scores().get(s), 0, 0.95, 1).auroc().value())
                    .as(s.cliName()).isGreaterThan(0.99);
        }
    }

    /**
     * Every score of an ensemble, twenty times over (predictive, logits, features): the arrays alive in all
     * of DJL's managers are as many after as before (each batch's arrays live in a closed sub-manager).
     */
    @Test
    void scoringLeavesNoNativeArrayAlive() {
        OodScorer scorer = OodScorer.withTrainingRows(ensemble, train);
        List<OodScore> all = OodScore.forTask(org.bdl4j.data.Task.CLASSIFICATION);
        scorer.score(test, all);
        int before = LeakProbe.liveArrays();
        for (int k = 0; k < 20; k++) {
            OodScorer.Scored s = scorer.score(test, all);
            assertThat(s.unavailable()).isEmpty();
        }
        assertThat(LeakProbe.liveArrays()).isEqualTo(before);
    }

    @Test
    void scoresThatCannotBeComputedAreListedWithTheReason() {
        OodScorer.Scored s = OodScorer.of(map).score(test, List.of(OodScore.ENTROPY, OodScore.MAHALANOBIS,
                OodScore.VARIANCE));
        assertThat(s.scores()).containsOnlyKeys(OodScore.ENTROPY);
        Map<OodScore, String> why = s.unavailable();
        assertThat(why.get(OodScore.MAHALANOBIS)).isEqualTo("mahalanobis needs the training rows to fit its class"
                + " means and covariance");
        assertThat(why.get(OodScore.VARIANCE)).isEqualTo("variance is a score of regression models; this model is a"
                + " classification");
    }
}
