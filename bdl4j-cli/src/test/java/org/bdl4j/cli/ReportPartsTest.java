package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.junit.jupiter.api.Test;

/** The report's parts that are plain computations: the input gap, the grid, table columns and cells. */
class ReportPartsTest {
    @Test
    void theRegressionGapIsFoundBetweenItsTwoClusters() {
        InputGap gap = InputGap.of(ToyData.regressionGap(200, 1)).orElseThrow();
        // the inputs are uniform on [-1.5, -0.5] and [0.5, 1.5]: the gap ends at the nearest inputs
        assertThat(gap.low()).isBetween(-0.6, -0.5);
        assertThat(gap.high()).isBetween(0.5, 0.6);
        assertThat(gap.containsMiddle(0.0)).isTrue();
        assertThat(gap.containsMiddle(-0.4)).isFalse();
    }

    @Test
    void evenlySpreadInputsHaveNoGap() {
        float[] x = new float[100];
        float[] y = new float[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i * 0.01f + (i % 3) * 0.002f;
        }
        Dataset even = Dataset.regression(x, 100, new int[] {1}, List.of("x"), y, "y");
        assertThat(InputGap.of(even)).isEmpty();
        assertThat(InputGap.of(ToyData.twoMoons(50, 0.1, 1))).as("two features").isEmpty();
    }

    /** Grid points 0..4 in a gap (0, 4): the middle half (1, 3) holds 2 only; its epistemic sd is 3. */
    @Test
    void gapEpistemicStdAveragesTheMiddleHalf() {
        Dataset grid = Dataset.unlabeled(new float[] {0, 1, 2, 3, 4}, 5, new int[] {1}, List.of("x"));
        RegressionPredictive p = new RegressionPredictive(new double[5], new double[5],
                new double[] {100, 100, 9, 100, 100});
        assertThat(Comparison.gapEpistemicStd(new InputGap(0, 4), grid, p)).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void theTwoFeatureGridCoversTheTrainingBoxRowMajor() {
        Dataset moons = ToyData.twoMoons(100, 0.1, 2);
        Dataset grid = PlotGrid.of(moons);
        assertThat(grid.rows()).isEqualTo(PlotGrid.SIDE * PlotGrid.SIDE);
        double[] a = PlotGrid.range(moons, 0, 0.25);
        float[] g = grid.features();
        assertThat((double) g[0]).isCloseTo(a[0], within(1e-5));
        assertThat((double) g[2 * (PlotGrid.SIDE - 1)]).isCloseTo(a[1], within(1e-5));
        assertThat(g[1]).isEqualTo(g[3]); // the first feature varies fastest
        assertThat(PlotGrid.of(ToyData.regressionGap(50, 1)).rows()).isEqualTo(PlotGrid.LINE_POINTS);
    }

    /** A metric only some rows have keeps its column; the rows without it show "-". */
    @Test
    void columnsAreTheUnionOfAllRowsKeys() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("method", "map");
        map.put("nll", 0.5);
        Map<String, Object> vi = new LinkedHashMap<>(map);
        vi.put("method", "vi");
        vi.put("ood_auroc_mi", 0.75);
        assertThat(Tables.columns(List.of(map, vi))).containsExactly("method", "nll", "ood_auroc_mi");
        String table = Tables.format(List.of(map, vi));
        assertThat(table.lines().toList().get(1).split("\\s+")).containsExactly("map", "0.5000", "-");
        assertThat(table.lines().toList().get(2)).contains("0.7500");
        assertThat(Tables.cell(Double.NaN)).isEqualTo("-");
    }

    /**
     * compare's default list keeps HMC up to 20,000 weights and 10^8 weights x rows: two moons'
     * 50-50 network (2,751 weights) on 5,000 rows stays; a 200-200 one (41,001) or 10,000 weights on
     * 20,000 rows (2·10^8) is left out, with the numbers in the message.
     */
    @Test
    void hmcIsLeftOutOfTheDefaultsBeyondItsReach() {
        assertThat(CompareCommand.hmcLeftOut(2_751, 5_000)).isEmpty();
        assertThat(CompareCommand.hmcLeftOut(41_001, 48)).hasValue("hmc left out: 41,001 weights x 48 rows is beyond"
                + " full-batch HMC's reach here (at most 20,000 weights and 1e+08 weights x rows); name it in --methods"
                + " to run it anyway");
        assertThat(CompareCommand.hmcLeftOut(10_000, 20_000)).isPresent();
        assertThat(CompareCommand.hmcLeftOut(20_000, 5_000)).isEmpty();
    }

    /** After an interrupt the finished rows stay, the failed method keeps its error, the rest are "not run". */
    @Test
    void anInterruptedComparisonKeepsWhatFinished() {
        java.io.StringWriter err = new java.io.StringWriter();
        CompareProgress p = new CompareProgress(new java.io.PrintWriter(err), List.of("map", "swag", "hmc"), false);
        Comparison.Row map = new Comparison.Row("map", Map.of("nll", 0.5), 1, 0.1, 1, null, null, null, null,
                List.of());
        p.started("map", 0, 3);
        p.finished("map", map, null);
        p.started("swag", 1, 3);
        p.finished("swag", null, "diverged");
        p.started("hmc", 2, 3);
        Comparison.Result partial = p.partial("not run: interrupted");
        assertThat(partial.rows()).containsExactly(map);
        assertThat(partial.missing()).containsExactly(Map.entry("swag", "failed: diverged"),
                Map.entry("hmc", "not run: interrupted"));
        assertThat(err.toString()).contains("compare [1/3] map ...", "compare [2/3] swag: failed after",
                "compare [3/3] hmc ...");
        assertThat(Comparison.table(partial)).contains("hmc: not in the table: not run: interrupted");
    }
}
