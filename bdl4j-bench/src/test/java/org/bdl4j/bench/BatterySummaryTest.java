package org.bdl4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bdl4j.data.EvaluationSet;
import org.bdl4j.data.GeneratedSets;
import org.junit.jupiter.api.Test;

/** The battery's comparisons with MAP and its per-method summary, on hand-made cells. */
class BatterySummaryTest {
    private static final EvaluationSet A = GeneratedSets.generate(GeneratedSets.named("moons-n100"));
    private static final EvaluationSet B = GeneratedSets.generate(GeneratedSets.named("gap-n100"));
    private static final EvaluationSet C = GeneratedSets.generate(GeneratedSets.named("sine-homo-n100"));

    @Test
    void theNllRatioNeedsAPositiveMapNllTheDifferenceDoesNot() {
        Map<String, Double> m = new HashMap<>(Map.of(CellMetrics.NLL, 0.3, CellMetrics.OOD_AUROC, 0.9));
        CellMetrics.compareWithMap(m, Map.of(CellMetrics.NLL, 0.2, CellMetrics.OOD_AUROC, 0.5));
        assertThat(m.get(CellMetrics.NLL_RATIO)).isCloseTo(1.5, within(1e-12));
        assertThat(m.get(CellMetrics.NLL_DIFF)).isCloseTo(0.1, within(1e-12));
        assertThat(m.get(CellMetrics.OOD_AUROC_DIFF)).isCloseTo(0.4, within(1e-12));

        Map<String, Double> negative = new HashMap<>(Map.of(CellMetrics.NLL, -0.5));
        CellMetrics.compareWithMap(negative, Map.of(CellMetrics.NLL, -0.7));
        assertThat(negative).doesNotContainKey(CellMetrics.NLL_RATIO);
        assertThat(negative.get(CellMetrics.NLL_DIFF)).isCloseTo(0.2, within(1e-12));

        Map<String, Double> noMap = new HashMap<>(Map.of(CellMetrics.NLL, 0.3));
        CellMetrics.compareWithMap(noMap, Map.of());
        assertThat(noMap).containsOnlyKeys(CellMetrics.NLL);
    }

    @Test
    void theSummaryCountsFailuresAndTakesMediansAndWorstsOverDefinedCells() {
        List<BatteryCell> cells = List.of(
                cell(A, Map.of(CellMetrics.NLL_RATIO, 1.2, CellMetrics.NLL_DIFF, 0.05, CellMetrics.ECE, 0.02), null, null),
                cell(B, Map.of(CellMetrics.NLL_RATIO, 2.0, CellMetrics.NLL_DIFF, 0.01, CellMetrics.COVERAGE, 0.8), null,
                        null),
                cell(C, Map.of(CellMetrics.NLL_DIFF, 0.2), null, null),
                cell(A, Map.of(), "IllegalArgumentException: no", null),
                cell(B, Map.of(), "IllegalArgumentException: no", null),
                cell(C, Map.of(), null, "test: 1 of 500 rows invalid"));
        BatterySummary s = BatterySummary.of("x", cells);
        assertThat(s.sets()).isEqualTo(6);
        assertThat(s.crashes()).isEqualTo(2);
        assertThat(s.invalid()).isEqualTo(1);
        assertThat(s.nllRatio().median()).isCloseTo(1.6, within(1e-12));
        assertThat(s.nllRatio().worst()).isEqualTo(2.0);
        assertThat(s.nllRatio().worstSet()).isEqualTo("gap-n100");
        assertThat(s.nllDiff().median()).isCloseTo(0.05, within(1e-12));
        assertThat(s.nllDiff().worstSet()).isEqualTo("sine-homo-n100");
        assertThat(s.medianEce()).isEqualTo(0.02);
        assertThat(s.medianCoverage()).isEqualTo(0.8);
        assertThat(s.medianAurocDiff()).isNaN();
        assertThat(s.crashMessages()).containsExactly(Map.entry("IllegalArgumentException: no",
                List.of("moons-n100", "gap-n100")));
        assertThat(s.invalidCells()).containsExactly("sine-homo-n100: test: 1 of 500 rows invalid");
        assertThat(s.fitSeconds()).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(org.bdl4j.math.Vectors.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(org.bdl4j.math.Vectors.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(org.bdl4j.math.Vectors.median(new double[0])).isNaN();
    }

    private static BatteryCell cell(EvaluationSet set, Map<String, Double> metrics, String crash, String invalid) {
        return new BatteryCell(set, "x", "categorical", metrics, 1.0, 1.0, 0.0, crash, invalid);
    }
}
