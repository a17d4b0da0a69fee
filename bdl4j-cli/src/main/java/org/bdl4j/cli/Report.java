package org.bdl4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Task;
import org.bdl4j.data.Dataset;
import org.bdl4j.metrics.ClassificationMetrics;
import org.bdl4j.metrics.ReliabilityBin;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The HTML report of {@code compare --report} and {@code demo}: per data set, the table of methods
 * and PNG plots (reliability diagrams for classification; for 1-D regression the predictive mean
 * with ±2 standard deviation bands, total and epistemic, over the training points).
 */
final class Report {
    /** One data set's comparison. */
    record Section(String title, Dataset train, Dataset test, Dataset grid, List<Comparison.Row> rows) {}

    private static final java.awt.Color TOTAL = new java.awt.Color(128, 64, 192);
    private static final java.awt.Color EPISTEMIC = new java.awt.Color(210, 40, 40);

    private Report() {}

    /** A 200-point grid over the training range ±50% for 1-D regression data, else null. */
    static Dataset gridFor(Dataset train) {
        if (train.task() != Task.REGRESSION || train.featureCount() != 1) {
            return null;
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : train.features()) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float pad = (hi - lo) * 0.5f;
        int m = 200;
        float[] x = new float[m];
        for (int i = 0; i < m; i++) {
            x[i] = lo - pad + (hi - lo + 2 * pad) * i / (m - 1);
        }
        return Dataset.unlabeled(x, m, new int[] {1}, train.featureNames());
    }

    static void write(Path dir, List<Section> sections) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>bdl4j report</title><style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#eee}")
                .append("img{max-width:640px;margin:4px}</style></head><body><h1>bdl4j: comparison of methods</h1>");
        int s = 0;
        for (Section section : sections) {
            s++;
            html.append("<h2>").append(escape(section.title())).append("</h2>");
            html.append("<p>").append(section.train().rows()).append(" training rows, ").append(section.test().rows())
                    .append(" test rows.</p>");
            html.append(table(section.rows()));
            List<String> images = new ArrayList<>();
            if (section.train().task() == Task.CLASSIFICATION) {
                for (Comparison.Row r : section.rows()) {
                    String file = "section" + s + "-reliability-" + r.method() + ".png";
                    reliability(section, r).forEach(c -> save(c, dir.resolve(file)));
                    images.add(file);
                }
            } else if (section.grid() != null) {
                for (Comparison.Row r : section.rows()) {
                    String file = "section" + s + "-predictive-" + r.method() + ".png";
                    save(band(section, r), dir.resolve(file));
                    images.add(file);
                }
            }
            for (String img : images) {
                html.append("<img src=\"").append(img).append("\" alt=\"").append(img).append("\">");
            }
        }
        html.append("</body></html>\n");
        AtomicFiles.write(dir.resolve("index.html"), w -> w.write(html.toString()));
    }

    private static String table(List<Comparison.Row> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder("<table><tr>");
        Map<String, Object> first = rows.get(0).tableRow();
        first.keySet().forEach(k -> t.append("<th>").append(escape(k)).append("</th>"));
        t.append("</tr>");
        for (Comparison.Row r : rows) {
            t.append("<tr>");
            for (Object v : r.tableRow().values()) {
                t.append("<td>").append(v instanceof Double d ? String.format(Locale.ROOT, "%.4f", d)
                        : escape(String.valueOf(v))).append("</td>");
            }
            t.append("</tr>");
        }
        t.append("</table>");
        for (Comparison.Row r : rows) {
            r.warnings().forEach(w -> t.append("<p class=\"warning\">").append(escape(r.method())).append(": ")
                    .append(escape(w)).append("</p>"));
        }
        return t.toString();
    }

    private static List<XYChart> reliability(Section section, Comparison.Row r) {
        List<ReliabilityBin> bins = ClassificationMetrics.reliabilityBins(
                r.testPredictive().asClassification().probabilities(), section.test().labels(), 15);
        List<Double> conf = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        for (ReliabilityBin b : bins) {
            if (b.count() > 0) {
                conf.add(b.meanConfidence());
                acc.add(b.accuracy());
            }
        }
        XYChart c = new XYChartBuilder().width(480).height(400).title("Reliability: " + r.method())
                .xAxisTitle("confidence").yAxisTitle("accuracy").build();
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0).setLegendVisible(false);
        c.addSeries("ideal", new double[] {0, 1}, new double[] {0, 1}).setMarker(SeriesMarkers.NONE);
        if (!conf.isEmpty()) {
            c.addSeries(r.method(), conf, acc).setMarker(SeriesMarkers.CIRCLE);
        }
        return List.of(c);
    }

    private static XYChart band(Section section, Comparison.Row r) {
        RegressionPredictive p = r.gridPredictive().asRegression();
        float[] gx = section.grid().features();
        double[] x = new double[gx.length];
        double[] mean = p.mean();
        double[] sd = p.std();
        double[] lo = new double[x.length];
        double[] hi = new double[x.length];
        double[] elo = new double[x.length];
        double[] ehi = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = gx[i];
            lo[i] = mean[i] - 2 * sd[i];
            hi[i] = mean[i] + 2 * sd[i];
            double e = Math.sqrt(p.epistemicVariance()[i]);
            elo[i] = mean[i] - 2 * e;
            ehi[i] = mean[i] + 2 * e;
        }
        XYChart c = new XYChartBuilder().width(560).height(400).title("Predictive: " + r.method()).xAxisTitle("x")
                .yAxisTitle(section.train().targetName() == null ? "y" : section.train().targetName()).build();
        float[] tx = section.train().features();
        float[] ty = section.train().targets();
        double[] dx = new double[tx.length];
        double[] dy = new double[ty.length];
        for (int i = 0; i < tx.length; i++) {
            dx[i] = tx[i];
            dy[i] = ty[i];
        }
        XYSeries pts = c.addSeries("training data", dx, dy);
        pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        pts.setMarker(SeriesMarkers.CIRCLE);
        c.addSeries("mean", x, mean).setMarker(SeriesMarkers.NONE);
        line(c, "±2 sd total", x, hi, TOTAL, true);
        line(c, "-2 sd total", x, lo, TOTAL, false);
        line(c, "±2 sd epistemic", x, ehi, EPISTEMIC, true);
        line(c, "-2 sd epistemic", x, elo, EPISTEMIC, false);
        return c;
    }

    private static void line(XYChart c, String name, double[] x, double[] y, java.awt.Color color, boolean legend) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setShowInLegend(legend);
    }

    private static void save(XYChart chart, Path file) {
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
