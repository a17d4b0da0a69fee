package org.bdl4j.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.Map;
import org.bdl4j.io.Versions;

/** Builds and prints one benchmark result as a single JSON line (docs/benchmarks.md shape). */
final class JsonLine {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues()
            .create();
    private final JsonObject root = new JsonObject();
    private final JsonObject settings = new JsonObject();
    private final JsonObject metrics = new JsonObject();
    private final JsonObject times = new JsonObject();

    JsonLine(String workload, String method, long seed) {
        root.addProperty("workload", workload);
        root.addProperty("method", method);
        root.addProperty("seed", seed);
        root.add("settings", settings);
        root.add("versions", Versions.json());
        root.add("metrics", metrics);
        root.add("time_s", times);
    }

    /** A line of a summary over other lines: workload, method and {@code metrics}, no seed or versions. */
    JsonLine(String workload, String method) {
        root.addProperty("workload", workload);
        root.addProperty("method", method);
        root.add("metrics", metrics);
    }

    JsonLine setting(String key, Object value) {
        settings.add(key, GSON.toJsonTree(value));
        return this;
    }

    JsonLine metric(String key, double value) {
        metrics.addProperty(key, round(value));
        return this;
    }

    JsonLine metrics(Map<String, Double> values) {
        values.forEach(this::metric);
        return this;
    }

    JsonLine time(String phase, double seconds) {
        times.addProperty(phase, round(seconds));
        return this;
    }

    JsonLine extra(String key, double value) {
        root.addProperty(key, round(value));
        return this;
    }

    /** A top-level key with any value (text, a boolean, a count; a null value leaves the key out). */
    JsonLine field(String key, Object value) {
        root.add(key, GSON.toJsonTree(value));
        return this;
    }

    void print() {
        System.out.println(GSON.toJson(root));
        System.out.flush();
    }

    private static double round(double v) {
        if (!Double.isFinite(v)) {
            return v;
        }
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", v));
    }
}
