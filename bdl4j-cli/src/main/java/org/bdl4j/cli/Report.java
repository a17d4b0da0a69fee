package org.bdl4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Task;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The HTML report of {@code compare --report}, {@code demo} and {@code report}: a self-contained directory (an
 * {@code index.html} and its PNG images, no external assets, readable by all) with, per data set, the
 * table of methods, a plain-language reading of it ({@link ReportReading}) and the figures: for
 * classification a reliability diagram with its confidence histogram per method
 * ({@link ReliabilityFigure}), the risk–coverage curves of all methods ({@link RiskCoverageFigure}),
 * with OOD rows the histograms of predictive entropy in and out ({@link OodHistogramFigure}), and for
 * two features the maps of entropy and mutual information ({@link UncertaintyMapFigure}); for
 * one-feature regression the predictive with its aleatoric and epistemic bands
 * ({@link PredictiveBandFigure}). Every file is written whole or not at all.
 */
final class Report {
    /**
     * One data set's comparison; {@code train} is null for predictions made elsewhere, {@code grid} the
     * {@link PlotGrid} (or null), {@code calibrationRows} the number of rows the post-hoc rows were fitted on.
     */
    record Section(String title, Dataset train, Dataset test, Dataset grid, Comparison.Result result, double level,
            int calibrationRows) {
        List<Comparison.Row> rows() {
            return result.rows();
        }
    }

    private Report() {}

    /**
     * Initialises Java2D, its fonts and the image writers by drawing a small chart: they register JVM
     * shutdown hooks on first use, which fails while the JVM shuts down, so a report that must be
     * written from a shutdown hook (an interrupted {@code compare}) needs them ready beforehand.
     */
    static void prepare() {
        System.setProperty("java.awt.headless", "true");
        XYChart c = new XYChartBuilder().width(40).height(30).title("t").build();
        c.addSeries("s", new double[] {0, 1}, new double[] {0, 1});
        try {
            javax.imageio.ImageIO.write(BitmapEncoder.getBufferedImage(c), "png", java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void write(Path dir, List<Section> sections) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>bdl4j report</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#eee}")
                .append("td:first-child{text-align:left}.warning{color:#a04000}figure{display:inline-block;margin:6px}")
                .append("figcaption{font-size:90%;color:#444;max-width:560px}img{max-width:100%}</style></head><body>")
                .append("<h1>bdl4j: comparison of methods</h1>");
        int s = 0;
        for (Section section : sections) {
            s++;
            html.append("<section><h2>").append(escape(section.title())).append("</h2><p>")
                    .append(section.train() == null ? "" : section.train().rows() + " training rows, ")
                    .append(section.test().rows()).append(" test rows.</p>");
            html.append(table(section.rows()));
            section.result().missing().forEach((m, why) -> html.append("<p class=\"warning\">").append(escape(m))
                    .append(": not in the table: ").append(escape(why)).append("</p>"));
            if (!section.result().conformal().isEmpty()) {
                html.append("<p>Split conformal prediction at ").append(Math.round(100 * section.level()))
                        .append("% coverage, calibrated on ").append(section.calibrationRows())
                        .append(" held-out rows:</p>").append(htmlTable(section.result().conformal().stream()
                                .map(r -> r.tableRow(section.train().task())).toList()));
            }
            html.append("<ul class=\"reading\">");
            ReportReading.of(section.result(), section.level())
                    .forEach(line -> html.append("<li>").append(escape(line)).append("</li>"));
            html.append("</ul>");
            for (Figure f : figures(dir, "section" + s, section)) {
                html.append("<figure><img src=\"").append(f.file()).append("\" alt=\"").append(escape(f.caption()))
                        .append("\"><figcaption>").append(escape(f.caption())).append("</figcaption></figure>");
            }
            html.append("</section>");
        }
        html.append("</body></html>\n");
        AtomicFiles.write(dir.resolve("index.html"), w -> w.write(html.toString()));
    }

    private record Figure(String file, String caption) {}

    private static List<Figure> figures(Path dir, String prefix, Section section) {
        List<Figure> out = new ArrayList<>();
        List<Comparison.Row> rows = section.rows();
        if (section.test().task() == Task.CLASSIFICATION) {
            int[] labels = section.test().labels();
            for (Comparison.Row r : rows) {
                String file = prefix + "-reliability-" + r.method() + ".png";
                Figures.saveStacked(ReliabilityFigure.of(r.method(), r.testPredictive().asClassification(), labels),
                        dir.resolve(file));
                out.add(new Figure(file, r.method() + ": accuracy against confidence on the test rows (bins of at"
                        + " least " + ReliabilityFigure.MIN_ROWS + " rows, labelled with their counts), and how"
                        + " the confidences spread"));
            }
            String rc = prefix + "-risk-coverage.png";
            Figures.save(RiskCoverageFigure.of(rows, labels), dir.resolve(rc));
            out.add(new Figure(rc, "Error rate among the rows kept when the least confident are rejected first"));
            for (Comparison.Row r : rows) {
                if (r.oodPredictive() != null) {
                    String file = prefix + "-ood-" + r.method() + ".png";
                    Figures.save(OodHistogramFigure.of(r), dir.resolve(file));
                    out.add(new Figure(file, r.method() + ": predictive entropy on the test rows and on the OOD rows"));
                }
            }
            if (section.grid() != null) {
                for (Comparison.Row r : rows) {
                    String file = prefix + "-uncertainty-" + r.method() + ".png";
                    Figures.save(UncertaintyMapFigure.of(r.method(), section.train(), section.grid(),
                            r.gridPredictive().asClassification()), dir.resolve(file));
                    out.add(new Figure(file, r.method() + ": total (entropy) and epistemic (mutual information)"
                            + " uncertainty over the input plane, training points by class"));
                }
            }
        } else if (section.grid() != null) {
            for (Comparison.Row r : rows) {
                String file = prefix + "-predictive-" + r.method() + ".png";
                Figures.save(PredictiveBandFigure.of(r.method(), section.train(), section.grid(),
                        r.gridPredictive().asRegression()), dir.resolve(file));
                out.add(new Figure(file, r.method() + ": predictive mean with ±2 sd aleatoric and epistemic bands"
                        + " over the training points"));
            }
        }
        return out;
    }

    private static String table(List<Comparison.Row> rows) {
        StringBuilder t = new StringBuilder(htmlTable(rows.stream().map(Comparison.Row::tableRow).toList()));
        for (Comparison.Row r : rows) {
            r.warnings().forEach(w -> t.append("<p class=\"warning\">").append(escape(r.method())).append(": ")
                    .append(escape(w)).append("</p>"));
        }
        return t.toString();
    }

    /** An HTML table of rows, with the {@link Tables#columns} and {@link Tables#cell}s of the text table. */
    private static String htmlTable(List<Map<String, Object>> maps) {
        if (maps.isEmpty()) {
            return "";
        }
        List<String> keys = Tables.columns(maps);
        StringBuilder t = new StringBuilder("<table><tr>");
        keys.forEach(k -> t.append("<th>").append(escape(k)).append("</th>"));
        t.append("</tr>");
        for (Map<String, Object> r : maps) {
            t.append("<tr>");
            keys.forEach(k -> t.append("<td>").append(escape(Tables.cell(r.get(k)))).append("</td>"));
            t.append("</tr>");
        }
        return t.append("</table>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
