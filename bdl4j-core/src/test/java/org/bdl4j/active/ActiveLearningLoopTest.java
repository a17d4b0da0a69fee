package org.bdl4j.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;

/** The loop's bookkeeping on blobs with a small ensemble: counts, disjoint acquisitions, balance, repeatability. */
class ActiveLearningLoopTest {
    private static final Dataset POOL = TestTables.blobs(200, 2, 3, 8);
    private static final Dataset TEST = TestTables.blobs(100, 2, 3, 9);

    private static final Function<Dataset, FitRequest> REQUEST = rows -> FitRequest.builder(rows)
            .likelihood(Likelihood.CATEGORICAL)
            .network(NetworkSpec.mlp(new int[] {2}, new int[] {8}, Activation.RELU, 0f, 3))
            .trainer(MapTrainer.builder().optEpochs(5).optBatchSize(16).build())
            .options(Methods.parseOptions(java.util.Map.of("members", "3"), List.of(Methods.get("ensemble"))))
            .seed(4).build();

    private static List<ActiveLearningLoop.Round> run(Acquisition a, int budget) {
        return ActiveLearningLoop.run(Methods.get("ensemble"), REQUEST, POOL, TEST,
                new ActiveLearningLoop.Settings(9, true, 5, 3, budget, a, 11), null);
    }

    @Test
    void roundsLabelDisjointRowsAndRepeatWithTheSeed() {
        List<ActiveLearningLoop.Round> curve = run(Acquisition.BATCH_BALD, 0);
        assertThat(curve).extracting(ActiveLearningLoop.Round::labelled).containsExactly(9, 14, 19, 24);
        assertThat(curve.get(3).acquired()).isEmpty();
        Set<Integer> seen = new HashSet<>(Arrays.stream(curve.get(0).labelledRows()).boxed().toList());
        for (int k = 0; k < curve.size(); k++) {
            ActiveLearningLoop.Round r = curve.get(k);
            assertThat(r.metrics()).containsKeys("accuracy", "nll");
            assertThat(Arrays.stream(r.labelledRows()).boxed().toList()).containsExactlyInAnyOrderElementsOf(seen);
            for (int i : r.acquired()) {
                assertThat(seen.add(i)).as("row %d acquired twice", i).isTrue();
            }
        }
        List<ActiveLearningLoop.Round> again = run(Acquisition.BATCH_BALD, 0);
        for (int k = 0; k < curve.size(); k++) {
            assertThat(again.get(k).acquired()).containsExactly(curve.get(k).acquired());
            assertThat(again.get(k).metrics()).isEqualTo(curve.get(k).metrics());
        }
    }

    @Test
    void aBalancedStartHasEveryClassEqually() {
        int[] start = ActiveLearningLoop.start(POOL, new ActiveLearningLoop.Settings(9, true, 5, 3, 0,
                Acquisition.BALD, 11), 3);
        int[] perClass = new int[3];
        for (int i : start) {
            perClass[POOL.labels()[i]]++;
        }
        assertThat(perClass).containsExactly(3, 3, 3);
    }

    @Test
    void theLabelBudgetStopsTheLoop() {
        List<ActiveLearningLoop.Round> curve = run(Acquisition.RANDOM, 16);
        assertThat(curve).extracting(ActiveLearningLoop.Round::labelled).containsExactly(9, 14, 16);
    }

    /**
     * With validation rows and patience 1, the loop stops at the first round whose validation NLL is not
     * below the best so far; the recorded NLLs show it.
     */
    @Test
    void aPlateauOfTheValidationNllStopsTheLoop() {
        Dataset validation = TestTables.blobs(60, 2, 3, 10);
        List<ActiveLearningLoop.Round> curve = ActiveLearningLoop.run(Methods.get("ensemble"), REQUEST, POOL, TEST,
                validation, new ActiveLearningLoop.Settings(9, true, 5, 12, 0, 1, Acquisition.RANDOM, 11), null);
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < curve.size(); k++) {
            double nll = curve.get(k).metrics().get("validation_nll");
            boolean last = k == curve.size() - 1;
            assertThat(nll >= best).as("round %d: stops exactly at the first non-improvement", k).isEqualTo(last
                    && curve.size() < 13);
            best = Math.min(best, nll);
        }
        assertThat(curve.get(curve.size() - 1).acquired()).isEmpty();
        assertThat(curve.size()).as("these seeds reach a plateau before the 12 rounds end").isLessThan(13);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new ActiveLearningLoop.Settings(0, true, 5, 3, 0, Acquisition.BALD, 1))
                .hasMessageContaining("initial and batch must be >= 1");
        assertThatThrownBy(() -> ActiveLearningLoop.run(Methods.get("ensemble"), REQUEST, POOL, TEST,
                new ActiveLearningLoop.Settings(500, true, 5, 3, 0, Acquisition.BALD, 1), null))
                .hasMessage("the pool has 200 rows, fewer than the 500 to start from");
        assertThatThrownBy(() -> ActiveLearningLoop.run(Methods.get("ensemble"), REQUEST, POOL, TEST,
                new ActiveLearningLoop.Settings(5, true, 5, 3, 0, Acquisition.VARIANCE, 1), null))
                .hasMessage("variance is a regression acquisition; the data are classification");
    }
}
