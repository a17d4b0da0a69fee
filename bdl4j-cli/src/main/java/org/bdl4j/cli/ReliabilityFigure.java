package org.bdl4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.metrics.ClassificationMetrics;
import org.bdl4j.metrics.ReliabilityBin;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A method's reliability diagram over {@value #BINS} equal-width confidence bins (the bins of its ECE),
 * above the histogram of its confidences. The diagram plots each bin's accuracy against its mean
 * confidence, labelled with the bin's row count, for bins of at least {@value #MIN_ROWS} rows: a bin
 * of one or two rows has an accuracy of 0 or 1 whatever the calibration, which made the line zig-zag.
 * The rows of the bins left out still count in the histogram below.
 */
final class ReliabilityFigure {
    static final int BINS = ClassificationMetrics.DEFAULT_BINS;
    static final int MIN_ROWS = 5;

    private ReliabilityFigure() {}

    /** The two charts, diagram first. */
    static List<Chart<?, ?>> of(String method, ClassificationPredictive p, int[] labels) {
        List<ReliabilityBin> bins = ClassificationMetrics.reliabilityBins(p.probabilities(), labels, BINS);
        XYChart diagram = new XYChartBuilder().width(480).height(380).title("Reliability: " + method)
                .xAxisTitle("confidence").yAxisTitle("accuracy").build();
        diagram.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.05)
                .setLegendPosition(Styler.LegendPosition.InsideNW);
        diagram.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1})
                .setMarker(SeriesMarkers.NONE);
        List<Double> conf = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        for (ReliabilityBin b : bins) {
            if (b.count() >= MIN_ROWS) {
                conf.add(b.meanConfidence());
                acc.add(b.accuracy());
            }
        }
        if (!conf.isEmpty()) {
            diagram.addSeries("bins of ≥ " + MIN_ROWS + " rows (label: rows)", conf, acc)
                    .setMarker(SeriesMarkers.CIRCLE);
            for (int i = 0; i < conf.size(); i++) {
                int count = countOf(bins, conf.get(i));
                diagram.addAnnotation(new AnnotationText(Integer.toString(count), conf.get(i),
                        Math.min(acc.get(i) + 0.04, 1.03), false));
            }
        }
        CategoryChart histogram = new CategoryChartBuilder().width(480).height(220)
                .title("Confidence histogram: " + method).xAxisTitle("confidence bin").yAxisTitle("rows").build();
        histogram.getStyler().setLegendVisible(false);
        histogram.getStyler().setXAxisLabelRotation(60);
        List<String> names = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (ReliabilityBin b : bins) {
            names.add(String.format(Locale.ROOT, "%.2f", (b.lower() + b.upper()) / 2));
            counts.add(b.count());
        }
        histogram.addSeries("rows", names, counts);
        return List.of(diagram, histogram);
    }

    private static int countOf(List<ReliabilityBin> bins, double meanConfidence) {
        for (ReliabilityBin b : bins) {
            if (b.count() >= MIN_ROWS && b.meanConfidence() == meanConfidence) {
                return b.count();
            }
        }
        throw new IllegalStateException("no bin with mean confidence " + meanConfidence);
    }
}
