package org.bdl4j.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bdl4j.cli.AtomicFiles;
import org.bdl4j.math.Vectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * FIGURE: the curves that ACTIVE and BO print as JSON lines, drawn as one PNG with one line per method.
 * Every metric named {@code PREFIX_at_X} of a line is a point (X, value) of that line's curve; the lines of
 * one method (its seeds) are summarised per X: ACTIVE's test accuracy ({@code acc}) by the mean over the
 * seeds, BO's simple regret ({@code regret}) by the median on a logarithmic axis, since one seed's regret
 * can be orders of magnitude above the others'. Lines are read from JSON-line files or from logs that mix
 * them with other text (a line that starts with <code>{"workload"</code>).
 *
 * <pre>
 *   java ... org.bdl4j.bench.Bench FIGURE --lines a.jsonl,b.log --metric acc|regret --out FILE.png [--title T]
 * </pre>
 */
final class CurveFigure {
    private static final Color[] PALETTE = {new Color(60, 60, 60), new Color(210, 40, 40), new Color(40, 110, 200),
        new Color(30, 150, 70), new Color(230, 140, 20), new Color(128, 64, 192), new Color(0, 160, 160)};

    private CurveFigure() {}

    /** How the seeds' values at one X become one point. */
    enum Summary {
        MEAN, MEDIAN;

        double of(List<Double> values) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            return this == MEAN ? Vectors.mean(v) : Vectors.median(v);
        }
    }

    /** One method's summarised curve and the number of seeds behind it. */
    record Curve(String method, double[] x, double[] y, int seeds) {}

    static void run(List<Path> files, String metric, Path out, String title) {
        Summary summary = switch (metric) {
            case "acc" -> Summary.MEAN;
            case "regret" -> Summary.MEDIAN;
            default -> throw new IllegalArgumentException("FIGURE: --metric must be acc or regret, found '" + metric + "'");
        };
        List<Curve> curves = curves(readLines(files), metric, summary);
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("FIGURE: no metric " + metric + "_at_X in " + files);
        }
        save(chart(curves, metric, title), out);
        for (Curve c : curves) {
            System.out.printf("FIGURE %s: %d seeds, %d points%n", c.method(), c.seeds(), c.x().length);
        }
    }

    /** The JSON lines of the files, in order; every other text line is skipped. */
    static List<JsonObject> readLines(List<Path> files) {
        List<JsonObject> lines = new ArrayList<>();
        for (Path f : files) {
            List<String> text;
            try {
                text = Files.readAllLines(f);
            } catch (IOException e) {
                throw new UncheckedIOException("FIGURE: cannot read " + f + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < text.size(); i++) {
                String s = text.get(i).strip();
                if (s.startsWith("{\"workload\"")) {
                    try {
                        lines.add(JsonParser.parseString(s).getAsJsonObject());
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("FIGURE: " + f + " line " + (i + 1) + " is not a JSON object: "
                                + e.getMessage());
                    }
                }
            }
        }
        return lines;
    }

    /**
     * Per method (in the order first met), the points X at which every one of its lines has the metric,
     * each summarised over the lines. A seed's line counts once: a later line of the same method and seed
     * (BO prints random search's line again in every run that covers the seed) is skipped.
     */
    static List<Curve> curves(List<JsonObject> lines, String metric, Summary summary) {
        Pattern name = Pattern.compile(Pattern.quote(metric) + "_at_(\\d+)");
        Map<String, List<Map<Integer, Double>>> byMethod = new java.util.LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonObject line : lines) {
            if (!line.has("metrics")) {
                continue;
            }
            Map<Integer, Double> points = new TreeMap<>();
            for (Map.Entry<String, JsonElement> m : line.getAsJsonObject("metrics").entrySet()) {
                Matcher k = name.matcher(m.getKey());
                if (k.matches()) {
                    points.put(Integer.parseInt(k.group(1)), m.getValue().getAsDouble());
                }
            }
            String method = line.get("method").getAsString();
            if (!points.isEmpty() && seen.add(method + "\u0000" + line.get("seed"))) {
                byMethod.computeIfAbsent(method, k -> new ArrayList<>()).add(points);
            }
        }
        List<Curve> out = new ArrayList<>();
        for (Map.Entry<String, List<Map<Integer, Double>>> e : byMethod.entrySet()) {
            List<Map<Integer, Double>> seeds = e.getValue();
            List<Integer> xs = seeds.get(0).keySet().stream().filter(x -> seeds.stream().allMatch(s -> s.containsKey(x)))
                    .toList();
            double[] y = new double[xs.size()];
            for (int i = 0; i < y.length; i++) {
                int x = xs.get(i);
                y[i] = summary.of(seeds.stream().map(s -> s.get(x)).toList());
            }
            out.add(new Curve(e.getKey(), xs.stream().mapToDouble(Integer::doubleValue).toArray(), y, seeds.size()));
        }
        return out;
    }

    private static XYChart chart(List<Curve> curves, String metric, String title) {
        boolean regret = metric.equals("regret");
        XYChart c = new XYChartBuilder().width(720).height(480).title(title)
                .xAxisTitle(regret ? "evaluations" : "labelled images")
                .yAxisTitle(regret ? "simple regret (median over seeds)" : "test accuracy (mean over seeds)").build();
        c.getStyler().setYAxisLogarithmic(regret);
        c.getStyler().setLegendPosition(regret ? Styler.LegendPosition.InsideNE : Styler.LegendPosition.InsideSE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        for (int i = 0; i < curves.size(); i++) {
            Curve k = curves.get(i);
            double[] y = regret ? Arrays.stream(k.y()).map(v -> Math.max(v, 1e-6)).toArray() : k.y();
            XYSeries s = c.addSeries(k.method() + " (" + k.seeds() + (k.seeds() == 1 ? " seed)" : " seeds)"), k.x(), y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(PALETTE[i % PALETTE.length]);
        }
        return c;
    }

    /** The chart as a PNG, written whole or not at all. */
    private static void save(XYChart chart, Path out) {
        try {
            AtomicFiles.writeBytes(out, o -> BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("FIGURE: cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
