package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * The post-hoc rows from hand-made predictives: which method conformal prediction is applied to, what
 * the recalibrated MAP's row holds, and the conformal coverage and set size counted by hand.
 */
class PostHocTest {
    private static final List<String> CLASSES = List.of("a", "b");

    /** n rows of label 0 (the first {@code wrong} of them labelled 1 instead). */
    private static Dataset labelled(int n, int wrong) {
        int[] y = new int[n];
        for (int i = 0; i < wrong; i++) {
            y[i] = 1;
        }
        return Dataset.classification(new float[n], n, new int[] {1}, List.of("x"), y, CLASSES, "y");
    }

    /** Every row predicted (p, 1 − p). */
    private static ClassificationPredictive constant(int n, double p) {
        double[][] probs = new double[n][];
        for (int i = 0; i < n; i++) {
            probs[i] = new double[] {p, 1 - p};
        }
        return ClassificationPredictive.ofPoint(probs, CLASSES);
    }

    private static Comparison.Row row(String method, double p, int cal, int test, double fitSeconds) {
        return new Comparison.Row(method, Map.of("nll", 0.0), fitSeconds, 0.1, Double.NaN, constant(test, p), null,
                null, constant(cal, p), List.of());
    }

    /**
     * 40 calibration rows, 4 of them labelled b; 50 test rows, 5 labelled b. Calibration NLL:
     * p = 0.9 gives −(36 log 0.9 + 4 log 0.1)/40 = 0.325 (the exact frequencies, the lowest), p = 0.6
     * gives 0.551, p = 0.99 gives 0.470: conformal goes to the MAP and to the p = 0.9 method, never to
     * a post-hoc row. With LAC at α = 0.1 the score of a row labelled a is 0.1, of one labelled b 0.9;
     * the quantile ⌈(40 + 1)(0.9)⌉ = 37th smallest score is 0.9, so every set holds both classes:
     * coverage 1, size 2.
     */
    @Test
    void conformalGoesToTheMapAndTheMethodOfLowestCalibrationNll() {
        Dataset cal = labelled(40, 4);
        Dataset test = labelled(50, 5);
        Comparison.Inputs inputs = new Comparison.Inputs(test, null, null, cal);
        List<Comparison.Row> rows = List.of(row("map", 0.99, 40, 50, 2), row("wide", 0.6, 40, 50, 3),
                row("exact", 0.9, 40, 50, 4), row("map+temperature", 0.9, 40, 50, 2));
        List<PostHoc.ConformalRow> conformal = PostHoc.conformal(rows, inputs, 0.9, 1);
        assertThat(conformal).extracting(PostHoc.ConformalRow::method).containsExactly("map", "exact");
        assertThat(conformal.get(1).coverage()).isEqualTo(1.0);
        assertThat(conformal.get(1).meanSize()).isEqualTo(2.0);
    }

    /**
     * The MAP predicting (0.99, 0.01) where a tenth of the rows are b is over-confident: temperature
     * scaling fitted on the calibration rows flattens it to the frequencies, NLL −(0.9 log 0.9 +
     * 0.1 log 0.1) = 0.325 on test rows with the same frequencies; its fit time adds to the MAP's.
     */
    @Test
    void theRecalibratedMapRowIsTemperatureScaledOnTheHeldOutRows() {
        Dataset cal = labelled(40, 4);
        Dataset test = labelled(50, 5);
        Comparison.Inputs inputs = new Comparison.Inputs(test, null, null, cal);
        Comparison.Row map = row("map", 0.99, 40, 50, 2);
        Comparison.Row r = PostHoc.recalibratedMap(List.of(map), inputs, 0.9).orElseThrow();
        assertThat(r.method()).isEqualTo("map+temperature");
        assertThat(r.metrics().get("nll")).isCloseTo(-(0.9 * Math.log(0.9) + 0.1 * Math.log(0.1)), within(1e-4));
        assertThat(r.fitSeconds()).isGreaterThanOrEqualTo(2.0);
        assertThat(r.relativeCost()).isCloseTo(r.fitSeconds() / 2.0, within(1e-12));
        assertThat(PostHoc.recalibratedMap(List.of(map), new Comparison.Inputs(test, null, null, null), 0.9))
                .as("no calibration rows").isEmpty();
    }
}
