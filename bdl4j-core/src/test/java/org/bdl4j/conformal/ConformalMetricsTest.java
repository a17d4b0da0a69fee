package org.bdl4j.conformal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConformalMetricsTest {
    // sets: {0}, {0, 1}, {}, {0, 1, 2}, {2}, {1, 2}
    private static final PredictionSets SETS = new PredictionSets(new boolean[][] {
        {true, false, false}, {true, true, false}, {false, false, false},
        {true, true, true}, {false, false, true}, {false, true, true}}, List.of("a", "b", "c"));
    private static final int[] LABELS = {0, 2, 1, 1, 2, 0};

    @Test
    void coverageSizesAndStrataByHand() {
        // covered: yes, no, no, yes, yes, no
        assertThat(ConformalMetrics.coverage(SETS, LABELS)).isEqualTo(0.5);
        assertThat(ConformalMetrics.meanSetSize(SETS)).isEqualTo(9.0 / 6);
        assertThat(ConformalMetrics.sizeStratifiedCoverage(SETS, LABELS)).containsExactly(
                new ConformalMetrics.Stratum(0, 1, 0.0), new ConformalMetrics.Stratum(1, 2, 1.0),
                new ConformalMetrics.Stratum(2, 2, 0.0), new ConformalMetrics.Stratum(3, 1, 1.0));
        // class a: rows 0, 5 -> 1 of 2; class b: rows 2, 3 -> 1 of 2; class c: rows 1, 4 -> 1 of 2
        assertThat(ConformalMetrics.classConditionalCoverage(SETS, LABELS)).containsExactly(0.5, 0.5, 0.5);
        Map<String, Double> s = ConformalMetrics.summary(SETS, LABELS);
        assertThat(s).containsEntry("coverage", 0.5).containsEntry("mean_set_size", 1.5)
                .containsEntry("min_size_stratified_coverage", 0.0).containsEntry("min_class_coverage", 0.5)
                .containsEntry("empty_set_fraction", 1.0 / 6);
    }

    @Test
    void aClassAbsentFromTheTestLabelsHasNaNCoverage() {
        // class a: rows 0, 1, 2 -> {a}, {a, b} cover, {} does not; class b: rows 3, 4, 5 -> {a, b, c}, {b, c}
        assertThat(ConformalMetrics.classConditionalCoverage(SETS, new int[] {0, 0, 0, 1, 1, 1}))
                .containsExactly(2.0 / 3, 2.0 / 3, Double.NaN);
    }
}
