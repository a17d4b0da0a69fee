package org.bdl4j.cli;

import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.metrics.ClassificationMetrics;
import org.bdl4j.metrics.RiskCoverageCurve;
import org.bdl4j.metrics.SelectiveMetrics;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The risk–coverage curves of all methods on one chart (Geifman &amp; El-Yaniv 2017): rejecting the
 * least confident rows first, the error rate among the rows kept against the share kept. A lower curve
 * ranks its own mistakes as less confident; its area is the AURC.
 */
final class RiskCoverageFigure {
    private RiskCoverageFigure() {}

    static XYChart of(List<Comparison.Row> rows, int[] labels) {
        XYChart c = new XYChartBuilder().width(560).height(400).title("Risk–coverage")
                .xAxisTitle("coverage (share of rows kept)").yAxisTitle("error rate among kept rows").build();
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0)
                .setLegendPosition(Styler.LegendPosition.InsideNW);
        for (Comparison.Row r : rows) {
            ClassificationPredictive p = r.testPredictive().asClassification();
            RiskCoverageCurve curve = SelectiveMetrics.riskCoverage(p.confidence(),
                    ClassificationMetrics.correct(p.probabilities(), labels));
            c.addSeries(String.format(java.util.Locale.ROOT, "%s (AURC %.4f)", r.method(), curve.area()),
                    curve.coverage(), curve.risk()).setMarker(SeriesMarkers.NONE);
        }
        return c;
    }
}
