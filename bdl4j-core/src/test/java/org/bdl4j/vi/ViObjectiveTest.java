package org.bdl4j.vi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.math.Floats;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.Losses;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The KL schedule, the per-epoch NLL/KL records and the minibatch scaling of the negative ELBO. */
class ViObjectiveTest {
    private static final int ROWS = 96;
    private static final int BATCH = 32;
    private static Dataset train;
    private static MapPosterior map;

    @BeforeAll
    static void fitMap() {
        train = TestTables.blobs(ROWS, 2, 3, 5);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {8}, Activation.TANH, 0f, 3);
        MapTrainer t = MapTrainer.builder().optEpochs(5).optBatchSize(BATCH).optLearningRate(0.01).optSeed(1).build();
        map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL).network(spec)
                .standardize(false).trainer(t).seed(1).build());
    }

    @AfterAll
    static void closeMap() {
        map.close();
    }

    /** β_t = β·min(1, t/T), by hand for β = 0.5, T = 4. */
    @Test
    void scheduleIsLinearThenConstant() {
        KlSchedule s = new KlSchedule(0.5, 4);
        double[] expected = {0, 0.125, 0.25, 0.375, 0.5, 0.5, 0.5};
        for (int t = 0; t < expected.length; t++) {
            assertThat(s.at(t)).as("step " + t).isEqualTo(expected[t]);
        }
        assertThat(s.at(1_000_000)).isEqualTo(0.5);
        assertThat(new KlSchedule(0.5, 0).at(0)).isEqualTo(0.5);
        assertThat(Vi.builder().optKlWeight(0.8).optKlWarmupEpochs(2).build().klSchedule(3))
                .isEqualTo(new KlSchedule(0.8, 6));
        assertThat(Vi.builder().optKlWarmupEpochs(2).optKlWarmupSteps(5).build().klSchedule(3))
                .isEqualTo(new KlSchedule(1.0, 5));
    }

    /**
     * 96 rows in batches of 32 (3 steps per epoch), warm-up over 2 epochs to β = 0.8: the first epoch
     * starts at weight 0 and ends at 0.8·2/6, the second ends below 0.8, the third starts at 0.8.
     * NLL and KL are reported separately (the KL also while its weight is 0).
     */
    @Test
    void epochRecordsFollowTheWarmUp() {
        List<ViEpochRecord> records = new ArrayList<>();
        Vi vi = Vi.builder().optEstimator(Estimator.REPARAM).optEpochs(4).optBatchSize(BATCH).optLearningRate(0.01)
                .optKlWeight(0.8).optKlWarmupEpochs(2).optSeed(3).addListener(new ViListener() {
                    @Override
                    public void onEpoch(ViEpochRecord r) {
                        records.add(r);
                    }
                }).build();
        try (ViPosterior post = vi.fit(map, train)) {
            assertThat(records).extracting(ViEpochRecord::epoch).containsExactly(1, 2, 3, 4);
            assertThat(records.get(0).klWeightFirst()).isEqualTo(0.0);
            assertThat(records.get(0).klWeightLast()).isEqualTo(0.8 * (2.0 / 6));
            assertThat(records.get(1).klWeightLast()).isEqualTo(0.8 * (5.0 / 6));
            assertThat(records.get(2).klWeightFirst()).isEqualTo(0.8);
            assertThat(records.get(3).klWeightLast()).isEqualTo(0.8);
            for (ViEpochRecord r : records) {
                System.out.printf("VI epoch %d: nll %.3f kl %.3f (beta %.3f..%.3f) -elbo %.3f%n", r.epoch(), r.nll(),
                        r.kl(), r.klWeightFirst(), r.klWeightLast(), r.negativeElbo());
                assertThat(r.nll()).isPositive();
                assertThat(r.kl()).isPositive();
                assertThat(r.negativeElbo()).isEqualTo(r.nll() + r.kl());
            }
        }
    }

    /**
     * At the means (no noise), the average over one epoch's three equal minibatches of the per-step
     * objective ℓ_B equals the full-data objective (Σ_n NLL_n + β KL)/N, with the NLL from a
     * log-softmax of the network outputs in double and the KL from {@link GaussianKl}'s double form.
     */
    @Test
    void minibatchObjectiveAveragesToTheFullDataObjective() {
        double lambda = 2.0;
        double beta = 0.7;
        Prior prior = Prior.gaussian(lambda);
        float[][] start = ViInit.MOPED.meanAndStd(map.network(), 1e-3, 0.3, 0, null);
        try (NDManager m = NDManager.newBaseManager()) {
            BayesianNetwork net = BayesianNetwork.of(map.network(), start[0], start[1], m);
            int[] order = Splits.permutation(ROWS, 4);
            double average = 0;
            for (int from = 0; from < ROWS; from += BATCH) {
                try (NDManager batch = m.newSubManager()) {
                    NDArray x = Inputs.gather(batch, train.features(), train.featureShape(), order, from, from + BATCH);
                    NDArray y = Inputs.labels(batch, train.labels(), order, from, from + BATCH);
                    NDArray kl = null;
                    for (MeanFieldLayer l : net.layers()) {
                        NDArray k = l.kl(prior, new WeightNoise(l, batch));
                        kl = kl == null ? k : kl.add(k);
                    }
                    NDArray nll = Losses.meanNll(Likelihood.CATEGORICAL, net.meanForward(x), y, null);
                    average += NegativeElbo.perExample(nll, kl, beta, ROWS).getFloat() / (ROWS / BATCH);
                }
            }
            float[] logits;
            try (NDManager all = m.newSubManager()) {
                logits = net.meanForward(Inputs.rows(all, train.features(), train.featureShape(), 0, ROWS))
                        .toFloatArray();
            }
            double nllSum = 0;
            for (int n = 0; n < ROWS; n++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 3; c++) {
                    max = Math.max(max, logits[n * 3 + c]);
                }
                double z = 0;
                for (int c = 0; c < 3; c++) {
                    z += Math.exp(logits[n * 3 + c] - max);
                }
                nllSum += max + Math.log(z) - logits[n * 3 + train.labels()[n]];
            }
            double kl = GaussianKl.of(Floats.toDoubles(net.mean()), Floats.toDoubles(net.std()), lambda);
            double expected = (nllSum + beta * kl) / ROWS;
            System.out.printf("minibatch objective averaged over an epoch %.6f, full data %.6f%n", average, expected);
            assertThat(average).isCloseTo(expected, within(1e-5 * Math.abs(expected)));
        }
    }
}
