package org.bdl4j.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bdl4j.cli.Main;
import org.bdl4j.io.TemporaryDirectory;

/**
 * COMPARE: what a user gets from {@code bdl4j compare --data fashion-mnist} with the command's defaults,
 * run in-process through the command line (the default method list, which leaves HMC out at this size,
 * the default network, 10% of the training images held out for the post-hoc rows, the 10k test images),
 * with only the training length bounded ({@code --epochs}, 3 by default as in the other Fashion
 * workloads) so that a run takes minutes. One JSON line per row of the table (methods, the
 * recalibrated MAP, the conformal rows) with its metrics and seconds, and a summary line with the wall
 * time of the whole command and the report's size.
 */
final class CompareFashion {
    private CompareFashion() {}

    static void run(Path data, int epochs) {
        try {
            runChecked(data, epochs);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void runChecked(Path data, int epochs) throws IOException {
        try (TemporaryDirectory report = TemporaryDirectory.create("bdl4j-compare-report")) {
            runIn(report.path(), data, epochs);
        }
    }

    private static void runIn(Path report, Path data, int epochs) throws IOException {
        List<String> args = new ArrayList<>(List.of("compare", "--data", "fashion-mnist:" + data, "--test",
                "fashion-mnist:" + data, "--epochs", Integer.toString(epochs), "--json", "--report",
                report.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        double wall = (System.nanoTime() - t0) / 1e9;
        System.err.print(err);
        if (code != 0) {
            throw new IllegalStateException("compare exited with " + code + ": " + err);
        }
        for (JsonElement e : JsonParser.parseString(out.toString()).getAsJsonArray()) {
            JsonObject row = e.getAsJsonObject();
            JsonLine line = new JsonLine("COMPARE", row.get("method").getAsString(), 0)
                    .setting("command", String.join(" ", args.subList(0, args.size() - 2)))
                    .setting("epochs", epochs).setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
            for (Map.Entry<String, JsonElement> m : row.entrySet()) {
                if (m.getKey().endsWith("_seconds")) {
                    line.time(m.getKey().replace("_seconds", ""), m.getValue().getAsDouble());
                } else if (m.getValue().isJsonPrimitive() && m.getValue().getAsJsonPrimitive().isNumber()) {
                    line.metric(m.getKey(), m.getValue().getAsDouble());
                } else if (m.getKey().equals("warnings")) {
                    line.field("warnings", m.getValue());
                }
            }
            line.print();
        }
        long files;
        try (var list = Files.list(report)) {
            files = list.count();
        }
        new JsonLine("COMPARE", "all", 0).setting("command", String.join(" ", args.subList(0, args.size() - 2)))
                .setting("epochs", epochs).time("wall", wall).metric("report_files", files).print();
    }
}
