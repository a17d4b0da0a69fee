package org.bdl4j.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Task;
import org.junit.jupiter.api.Test;

/** Each acquisition's ranking on constructed predictives, by hand. */
class AcquirerTest {
    private static final List<String> AB = List.of("a", "b");

    /**
     * Three rows, two samples each: row 0 sure, (0.9, 0.1) twice; row 1 disagreeing, (0.9, 0.1) and
     * (0.1, 0.9); row 2 agreeing on (0.5, 0.5). By hand: entropy 0.325, 0.693, 0.693; BALD 0, 0.368, 0;
     * mean std 0, 0.4, 0; margin −0.8, 0, 0; variation ratio 0, 0.5, 0.
     */
    private static ClassificationPredictive threeRows() {
        float[][][] s = {{{0.9f, 0.1f}, {0.9f, 0.1f}, {0.5f, 0.5f}}, {{0.9f, 0.1f}, {0.1f, 0.9f}, {0.5f, 0.5f}}};
        return ClassificationPredictive.ofSamples(s, AB, true);
    }

    @Test
    void rankingsByHand() {
        ClassificationPredictive p = threeRows();
        assertThat(Acquirer.scores(Acquisition.MEAN_STD, p)).containsExactly(new double[] {0, 0.4, 0}, within(1e-6));
        assertThat(Acquirer.scores(Acquisition.MARGIN, p)).containsExactly(new double[] {-0.8, 0, 0}, within(1e-6));
        assertThat(Acquirer.select(Acquisition.BALD, p, 3, 1, 0)).containsExactly(1);
        assertThat(Acquirer.select(Acquisition.VARIATION_RATIO, p, 3, 1, 0)).containsExactly(1);
        assertThat(Acquirer.select(Acquisition.ENTROPY, p, 3, 2, 0)).containsExactly(1, 2); // ties: lower index
        assertThat(Acquirer.select(Acquisition.MARGIN, p, 3, 3, 0)).containsExactly(1, 2, 0);
        assertThat(Acquirer.select(Acquisition.BATCH_BALD, p, 3, 1, 0)).containsExactly(1);
    }

    @Test
    void regressionRanksByVariance() {
        RegressionPredictive r = new RegressionPredictive(new double[3], new double[] {1, 0.1, 0.5},
                new double[] {0, 0.5, 0.6});
        assertThat(Acquirer.select(Acquisition.VARIANCE, r, 3, 2, 0)).containsExactly(2, 0); // totals 1, 0.6, 1.1
        assertThat(Acquirer.select(Acquisition.EPISTEMIC_VARIANCE, r, 3, 2, 0)).containsExactly(2, 1);
    }

    @Test
    void randomBatchesAreDistinctAndRepeatWithTheSeed() {
        int[] a = Acquirer.select(Acquisition.RANDOM, null, 50, 20, 7);
        assertThat(Arrays.stream(a).distinct().count()).isEqualTo(20);
        assertThat(Arrays.stream(a).allMatch(i -> i >= 0 && i < 50)).isTrue();
        assertThat(Acquirer.select(Acquisition.RANDOM, null, 50, 20, 7)).containsExactly(a);
        assertThat(Acquirer.select(Acquisition.RANDOM, null, 5, 20, 7)).hasSize(5);
    }

    /**
     * PowerBALD draws row i first with probability BALD_i / Σ BALD (a Gumbel-top-1 of log BALD). Rows with
     * BALD 0.3 and 0.1 (from two-sample predictives): row 0 first with probability 0.75; over 4,000 seeds
     * the frequency is within 4 standard errors (0.027) of it.
     */
    @Test
    void powerBaldDrawsInProportionToBald() {
        ClassificationPredictive p = ClassificationPredictive.of(new double[][] {{0.5, 0.5}, {0.5, 0.5}},
                new double[] {Math.log(2) - 0.3, Math.log(2) - 0.1}, AB);
        assertThat(p.mutualInformation()).containsExactly(new double[] {0.3, 0.1}, within(1e-12));
        int first = 0;
        int reps = 4000;
        for (int seed = 0; seed < reps; seed++) {
            first += Acquirer.select(Acquisition.POWER_BALD, p, 2, 1, seed)[0] == 0 ? 1 : 0;
        }
        assertThat(first / (double) reps).isCloseTo(0.75, within(4 * Math.sqrt(0.75 * 0.25 / reps)));
    }

    @Test
    void badInputIsRefused() {
        ClassificationPredictive noSamples = ClassificationPredictive.of(new double[][] {{0.5, 0.5}},
                new double[] {0.6}, AB);
        assertThatThrownBy(() -> Acquirer.select(Acquisition.BATCH_BALD, noSamples, 1, 1, 0))
                .hasMessageStartingWith("batchbald needs the posterior's per-sample probabilities");
        assertThatThrownBy(() -> Acquirer.select(Acquisition.BALD, noSamples, 1, 0, 0))
                .hasMessage("the acquisition batch must be >= 1, found 0");
        assertThatThrownBy(() -> Acquisition.parse("bal", Task.CLASSIFICATION)).hasMessage("acquisition must be random,"
                + " entropy, bald, variation_ratio, mean_std, margin, batchbald or powerbald (classification), found"
                + " 'bal'");
        assertThat(Acquisition.parse("random", Task.REGRESSION)).isEqualTo(Acquisition.RANDOM_REGRESSION);
    }
}
