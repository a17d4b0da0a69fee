package org.bdl4j.cli;

import java.util.Locale;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.ood.OodScore;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A method's predictive entropy on the test rows and on the OOD rows as two histograms over the same
 * {@value #BINS} bins (shares of each set, so sets of different sizes compare): the further apart,
 * the higher its {@code ood_auroc}.
 */
final class OodHistogramFigure {
    static final int BINS = 30;

    private OodHistogramFigure() {}

    static XYChart of(Comparison.Row r) {
        double[] in = r.testPredictive().asClassification().entropy();
        ClassificationPredictive ood = r.oodPredictive();
        double[] out = ood.entropy();
        double hi = Math.log(ood.numClasses());
        XYChart c = new XYChartBuilder().width(560).height(340).title(String.format(Locale.ROOT,
                "Entropy, test vs OOD rows: %s (AUROC %.3f)", r.method(), OodScore.ENTROPY.auroc(
                        r.testPredictive().asClassification(), ood)))
                .xAxisTitle("predictive entropy (nats)").yAxisTitle("share of rows").build();
        c.getStyler().setXAxisMin(0.0).setXAxisMax(hi).setXAxisDecimalPattern("0.00")
                .setLegendPosition(Styler.LegendPosition.InsideNE);
        step(c, "test rows", in, hi);
        step(c, "OOD rows", out, hi);
        return c;
    }

    private static void step(XYChart c, String name, double[] values, double hi) {
        double[] x = new double[BINS + 1];
        double[] share = new double[BINS + 1];
        for (double v : values) {
            int b = Math.min(BINS - 1, Math.max(0, (int) (v / hi * BINS)));
            share[b] += 1.0 / values.length;
        }
        for (int b = 0; b <= BINS; b++) {
            x[b] = hi * b / BINS;
        }
        share[BINS] = share[BINS - 1];
        XYSeries s = c.addSeries(name, x, share);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        s.setMarker(SeriesMarkers.NONE);
    }
}
