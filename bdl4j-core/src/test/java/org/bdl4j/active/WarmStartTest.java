package org.bdl4j.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Methods;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.OptimizerKind;
import org.junit.jupiter.api.Test;

/**
 * Warm starts: MAP training starts from the request's initial weights (checked with a learning rate of
 * 1e-30, which moves them by less than 1e-12 where fresh weights differ by about 0.1), the loop carries
 * each round's weights into the next, and a method not built on one network is refused with one line.
 */
class WarmStartTest {
    private static final Dataset POOL = TestTables.blobs(200, 2, 3, 8);
    private static final Dataset TEST = TestTables.blobs(100, 2, 3, 9);
    private static final NetworkSpec NET = NetworkSpec.mlp(new int[] {2}, new int[] {8}, Activation.RELU, 0f, 3);

    private static final double FROZEN = 1e-30;

    /** Each round's request has its own seed (its row count), so fresh weights differ from round to round. */
    private static Function<Dataset, FitRequest> request(double lr) {
        return rows -> FitRequest.builder(rows).likelihood(Likelihood.CATEGORICAL).network(NET)
                .trainer(MapTrainer.builder().optEpochs(2).optBatchSize(16).optOptimizer(OptimizerKind.SGD)
                        .optMomentum(0).optLearningRate(lr).build())
                .options(Methods.parseOptions(Map.of("members", "2"), List.of(Methods.get("ensemble"))))
                .seed(rows.rows()).build();
    }

    @Test
    void trainingStartsFromTheInitialWeights() {
        FitRequest r = request(FROZEN).apply(POOL.slice(0, 30));
        float[] theta;
        try (MapPosterior fresh = MapMethod.train(r)) {
            theta = fresh.network().parameters();
            for (int i = 0; i < theta.length; i++) {
                theta[i] += 0.25f * (i % 3 - 1);
            }
        }
        try (MapPosterior warm = MapMethod.train(r.withInitialParameters(theta))) {
            float[] found = warm.network().parameters();
            for (int i = 0; i < theta.length; i++) {
                assertThat(found[i]).isCloseTo(theta[i], within(1e-12f));
            }
        }
        assertThatThrownBy(() -> MapMethod.train(r.withInitialParameters(new float[3])))
                .hasMessageContaining("the initial weights have 3 values, the network 51"); // (2·8 + 8) + (8·3 + 3)
    }

    @Test
    void theLoopCarriesEachRoundsWeightsIntoTheNext() {
        ActiveLearningLoop.Settings warm = new ActiveLearningLoop.Settings(9, true, 5, 2, 0, 0, Acquisition.RANDOM, 3,
                true);
        ActiveLearningLoop.Settings cold = new ActiveLearningLoop.Settings(9, true, 5, 2, 0, 0, Acquisition.RANDOM, 3,
                false);
        // at a learning rate of 1e-30 a warm start keeps round 0's weights, so every round predicts alike
        // (up to the standardisation, refitted on each round's rows)
        List<ActiveLearningLoop.Round> frozen = ActiveLearningLoop.run(Methods.get("map"), request(FROZEN), POOL,
                TEST, warm, null);
        List<ActiveLearningLoop.Round> fresh = ActiveLearningLoop.run(Methods.get("map"), request(FROZEN), POOL,
                TEST, cold, null);
        double warmChange = Math.abs(frozen.get(2).metrics().get("nll") - frozen.get(0).metrics().get("nll"));
        double freshChange = Math.abs(fresh.get(2).metrics().get("nll") - fresh.get(0).metrics().get("nll"));
        System.out.printf("NLL change over two rounds: warm %.4g, fresh %.4g%n", warmChange, freshChange);
        assertThat(warmChange).isLessThan(freshChange / 5);
        // MC dropout is built on one network too
        assertThat(ActiveLearningLoop.run(Methods.get("mc-dropout"), request(0.05), POOL, TEST, warm, null)).hasSize(3);
    }

    @Test
    void anEnsembleCannotBeWarmStarted() {
        assertThatThrownBy(() -> ActiveLearningLoop.run(Methods.get("ensemble"), request(0.05), POOL, TEST,
                new ActiveLearningLoop.Settings(9, true, 5, 2, 0, 0, Acquisition.RANDOM, 3, true), null))
                .hasMessage("a warm start needs a method built on one trained network (map, mc-dropout, laplace);"
                        + " ensemble is not");
    }
}
