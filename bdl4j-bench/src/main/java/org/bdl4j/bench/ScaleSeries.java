package org.bdl4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bdl4j.math.Vectors;

/**
 * One series of a {@link ScaleWorkload} sweep: one cost measured at growing sizes of one quantity
 * (rows, width, classes, ...), a JSON line per point as it completes and, from {@link #finish}, one
 * {@value #SUMMARY} line with the least-squares exponents ({@link PowerLawFit}) next to the expected ones.
 *
 * <p>A point runs a task that returns its seconds by phase. The first run is also measured for the peak
 * resident memory above the level before it ({@code peak_rss_growth_mb}; Linux /proc/self/status,
 * the peak reset through /proc/self/clear_refs after a full GC). A point whose first run took less than
 * {@value #REPEAT_BELOW_S} s of wall clock is run twice more and the median of each phase is kept (the
 * machines are shared and noisy); longer points are run once.
 *
 * <p>Resident growth counts the pages first touched during the run: Java arrays that land in heap
 * regions the JVM already holds, or native blocks the allocator reuses, do not show. Growths below
 * {@value #RSS_FLOOR_MB} MB are that granularity rather than the point's own memory and are left out of
 * the memory exponent.
 */
final class ScaleSeries {
    static final String WORKLOAD = "SCALE";
    static final String SUMMARY = "SCALE-EXPONENT";
    static final double REPEAT_BELOW_S = 3.0;
    static final int REPEATS = 3;
    static final double RSS_FLOOR_MB = 16;
    /** The quantity name of the peak resident memory growth in {@link #expect}. */
    static final String RSS = "rss";

    private final String sweep;
    private final String series;
    private final String method;
    private final String sizeName;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final Map<String, Double> expected = new LinkedHashMap<>();
    private final Map<String, Double> fields = new LinkedHashMap<>();
    private final List<Double> sizes = new ArrayList<>();
    private final Map<String, List<Double>> seconds = new LinkedHashMap<>();
    private final List<Double> rss = new ArrayList<>();
    private String note;

    /**
     * @param sweep the sweep's name ({@link ScaleWorkload#SWEEPS})
     * @param series which cost of the sweep (e.g. {@code predict}, {@code full})
     * @param method the method measured (the {@code method} of every line)
     * @param sizeName what the size counts
     */
    ScaleSeries(String sweep, String series, String method, String sizeName) {
        this.sweep = sweep;
        this.series = series;
        this.method = method;
        this.sizeName = sizeName;
        settings.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
    }

    /** A setting shared by every point (printed in each point's {@code settings}). */
    ScaleSeries setting(String key, Object value) {
        settings.put(key, value);
        return this;
    }

    /** The exponent expected for a phase's seconds, or for {@value #RSS}, the peak resident growth. */
    ScaleSeries expect(String quantity, double exponent) {
        expected.put(quantity, exponent);
        return this;
    }

    /** Why the expected exponents are what they are, and where the measured slope may differ. */
    ScaleSeries note(String text) {
        note = text;
        return this;
    }

    /**
     * A number at the top level of the summary line (e.g. a cost model's exponent over the same sizes),
     * rounded to 6 significant digits; left out when not finite.
     */
    ScaleSeries field(String key, double value) {
        if (Double.isFinite(value)) {
            fields.put(key, Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", value)));
        }
        return this;
    }

    /** Measures one point at {@code size} (see the class comment) and prints its line. */
    void point(long size, Supplier<Map<String, Double>> run) {
        point(size, Map.of(), run);
    }

    /** {@link #point(long, Supplier)} with settings of this point alone (e.g. its parameter count). */
    void point(long size, Map<String, Object> pointSettings, Supplier<Map<String, Double>> run) {
        PeakRss peak = PeakRss.start();
        long t0 = System.nanoTime();
        Map<String, Double> first = run.get();
        double wall = (System.nanoTime() - t0) / 1e9;
        double growth = peak.growthMb();
        List<Map<String, Double>> runs = new ArrayList<>(List.of(first));
        if (wall < REPEAT_BELOW_S) {
            while (runs.size() < REPEATS) {
                runs.add(run.get());
            }
        }
        Map<String, Double> median = new LinkedHashMap<>();
        for (String phase : first.keySet()) {
            median.put(phase, Vectors.median(runs.stream().mapToDouble(r -> r.get(phase)).toArray()));
        }
        sizes.add((double) size);
        rss.add(growth);
        for (Map.Entry<String, Double> e : median.entrySet()) {
            List<Double> column = seconds.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (column.size() < sizes.size() - 1) {
                column.add(Double.NaN);
            }
            column.add(e.getValue());
        }
        JsonLine line = new JsonLine(WORKLOAD, method, W1MapTraining.SEED).setting("sweep", sweep)
                .setting("series", series).setting("size_name", sizeName).setting("size", size);
        settings.forEach(line::setting);
        pointSettings.forEach(line::setting);
        line.setting("runs", runs.size()).setting("timing", runs.size() > 1 ? "median of " + runs.size() + " runs"
                : "one run");
        median.forEach(line::time);
        if (!Double.isNaN(growth)) {
            line.extra("peak_rss_growth_mb", growth);
        }
        line.print();
    }

    /**
     * Prints the series' summary: per phase the exponent over all points ({@code PHASE_exponent}, with its
     * r²) and over the two largest sizes ({@code PHASE_exponent_largest_pair}), the same for the peak
     * resident growth over the points above {@value #RSS_FLOOR_MB} MB ({@code rss_exponent}; how many
     * points that is: {@code rss_points}, a top-level key), and the expected exponents; a metric that
     * cannot be fitted is left out.
     */
    void finish() {
        JsonLine line = new JsonLine(SUMMARY, method).field("sweep", sweep).field("series", series)
                .field("size_name", sizeName).field("sizes", sizes.stream().map(Double::longValue).toList());
        double[] x = sizes.stream().mapToDouble(Double::doubleValue).toArray();
        for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
            double[] y = padded(e.getValue());
            PowerLawFit all = PowerLawFit.of(x, y);
            metric(line, e.getKey() + "_exponent", all.exponent());
            metric(line, e.getKey() + "_r2", all.rSquared());
            metric(line, e.getKey() + "_exponent_largest_pair", PowerLawFit.ofLargest(x, y, 2).exponent());
        }
        double[] memory = rss.stream().mapToDouble(v -> v >= RSS_FLOOR_MB ? v : Double.NaN).toArray();
        PowerLawFit m = PowerLawFit.of(x, memory);
        metric(line, RSS + "_exponent", m.exponent());
        metric(line, RSS + "_exponent_largest_pair", PowerLawFit.ofLargest(x, memory, 2).exponent());
        line.field(RSS + "_points", m.points());
        line.field("expected_exponent", expected);
        fields.forEach(line::field);
        line.field("note", note);
        line.print();
    }

    /** The seconds of one phase per point, NaN where a point did not report the phase. */
    double[] seconds(String phase) {
        return padded(seconds.getOrDefault(phase, List.of()));
    }

    /** The sizes measured so far. */
    double[] sizes() {
        return sizes.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private double[] padded(List<Double> column) {
        double[] out = new double[sizes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = i < column.size() ? column.get(i) : Double.NaN;
        }
        return out;
    }

    private static void metric(JsonLine line, String key, double value) {
        if (Double.isFinite(value)) {
            line.metric(key, value);
        }
    }

    /** Peak resident memory above the level at {@link #start} (Linux; NaN where /proc is unavailable). */
    private static final class PeakRss {
        private static final long SETTLE_MS = 100;
        private final long before;

        private PeakRss(long before) {
            this.before = before;
        }

        /**
         * A full GC and a pause for G1's concurrent uncommit to settle, then the peak reset to the resident
         * level, which is read back as the level to grow from (read before the reset, a level that fell in
         * between would make the growth negative).
         */
        static PeakRss start() {
            System.gc();
            try {
                Thread.sleep(SETTLE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            W4ManyClasses.resetPeak();
            return new PeakRss(W4ManyClasses.residentKb("VmHWM"));
        }

        double growthMb() {
            long peak = W4ManyClasses.residentKb("VmHWM");
            return before < 0 || peak < 0 ? Double.NaN : (peak - before) / 1024.0;
        }
    }
}
