package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of {@code compare --report} opened in a real browser (Debian's headless Chromium): the
 * page loads without console messages, every image decodes with a non-zero natural size, the files
 * are readable by all, and the table's numbers are those {@code evaluate} prints for the models
 * {@code compare --save} wrote (all rows but the post-hoc {@code map+temperature}, which is fitted on
 * rows compare holds out and is not saved). A screenshot goes to {@code target/report-screenshot.png}.
 *
 * <p>Skipped when {@code chromium} is not installed, unless the system property
 * {@code bdl4j.requireChromium} is {@code true} (CI installs it and sets it), in which case its
 * absence fails the test.
 */
class ReportBrowserTest {
    private static final List<String> METHODS = List.of("map", "laplace", "ensemble");
    private static final Pattern HARNESS_OUT = Pattern.compile("<pre id=\"out\">(.*?)</pre>", Pattern.DOTALL);

    @TempDir
    Path tmp;

    @Test
    void theReportLoadsInChromiumWithItsImagesAndEvaluatesNumbers() throws Exception {
        Path chromium = chromium();
        Path report = tmp.resolve("report");
        Path models = tmp.resolve("models");
        CliRun compare = CliRun.of("compare", "--data", "toy:two-moons:200", "--test", "toy:two-moons:400", "--ood",
                "toy:spirals:200", "--methods", String.join(",", METHODS), "--epochs", "30", "--seed", "3",
                "--report", report.toString(), "--save", models.toString());
        assertThat(compare.code()).as(compare.err()).isZero();
        Path index = report.resolve("index.html");
        try (var files = Files.list(report)) {
            for (Path f : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-r--r--");
            }
        }

        Browser direct = run(chromium, List.of("--enable-logging=stderr", "--v=0", "--dump-dom", index.toUri().toString()));
        assertThat(direct.out()).contains("bdl4j: comparison of methods");
        assertThat(direct.err().lines().filter(l -> l.contains(":CONSOLE")).toList()).as("console messages").isEmpty();

        Path harness = tmp.resolve("harness.html");
        Files.writeString(harness, harnessPage(index), StandardCharsets.UTF_8);
        Browser loaded = run(chromium, List.of("--allow-file-access-from-files", "--dump-dom",
                harness.toUri().toString()));
        Matcher m = HARNESS_OUT.matcher(loaded.out());
        assertThat(m.find()).as(loaded.out()).isTrue();
        JsonObject page = JsonParser.parseString(m.group(1).replace("&quot;", "\"").replace("&amp;", "&")
                .replace("&lt;", "<").replace("&gt;", ">")).getAsJsonObject();
        JsonArray images = page.getAsJsonArray("images");
        // reliability, OOD histogram and uncertainty map per row (the methods and the recalibrated MAP), one
        // risk-coverage chart
        assertThat(images.size()).as("images").isEqualTo(3 * (METHODS.size() + 1) + 1);
        for (JsonElement e : images) {
            JsonObject img = e.getAsJsonObject();
            assertThat(img.get("complete").getAsBoolean()).as(img.toString()).isTrue();
            assertThat(img.get("width").getAsInt()).as(img.toString()).isPositive();
            assertThat(img.get("height").getAsInt()).as(img.toString()).isPositive();
        }

        List<String> header = strings(page.getAsJsonArray("header"));
        JsonArray rows = page.getAsJsonArray("rows");
        assertThat(rows.size()).isEqualTo(METHODS.size() + 1);
        int evaluated = 0;
        for (JsonElement r : rows) {
            List<String> cells = strings(r.getAsJsonArray());
            String method = cells.get(0);
            if (method.equals("map+temperature")) {
                continue; // a post-hoc row: calibrated on rows compare held out, not a saved model
            }
            evaluated++;
            CliRun eval = CliRun.of("evaluate", "--model", models.resolve(method).toString(), "--data",
                    "toy:two-moons:400", "--ood", "toy:spirals:200", "--seed", "3", "--json");
            assertThat(eval.code()).as(eval.err()).isZero();
            JsonObject metrics = JsonParser.parseString(eval.out()).getAsJsonObject();
            int compared = 0;
            for (String k : metrics.keySet()) {
                int col = header.indexOf(k);
                assertThat(col).as("column %s of the report", k).isNotNegative();
                assertThat(cells.get(col)).as("%s of %s", k, method)
                        .isEqualTo(String.format(Locale.ROOT, "%.4f", metrics.get(k).getAsDouble()));
                compared++;
            }
            assertThat(compared).isGreaterThanOrEqualTo(8);
        }
        assertThat(evaluated).isEqualTo(METHODS.size());

        Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        run(chromium, List.of("--window-size=1400,2000", "--screenshot=" + shot, index.toUri().toString()));
        assertThat(Files.size(shot)).isPositive();
    }

    /** A page that loads the report in a frame and writes what it finds into {@code <pre id="out">}. */
    private static String harnessPage(Path index) {
        return "<!DOCTYPE html><html><body><pre id=\"out\">pending</pre><iframe id=\"f\" width=\"1400\""
                + " height=\"900\" src=\"" + index.toUri() + "\"></iframe><script>\n"
                + "document.getElementById('f').addEventListener('load', () => {\n"
                + "  const d = document.getElementById('f').contentDocument;\n"
                + "  const images = [...d.images].map(i => ({src: i.getAttribute('src'), complete: i.complete,"
                + " width: i.naturalWidth, height: i.naturalHeight}));\n"
                + "  const header = [...d.querySelectorAll('table')[0].querySelectorAll('th')].map(t => t.textContent);\n"
                + "  const rows = [...d.querySelectorAll('table')[0].querySelectorAll('tr')].slice(1)"
                + ".map(r => [...r.querySelectorAll('td')].map(t => t.textContent));\n"
                + "  document.getElementById('out').textContent = JSON.stringify({images, header, rows});\n"
                + "});\n</script></body></html>\n";
    }

    private record Browser(String out, String err) {}

    private Browser run(Path chromium, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + tmp.resolve("chromium-profile"), "--virtual-time-budget=10000"));
        cmd.addAll(args);
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Path err = Files.createTempFile(tmp, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        assertThat(p.exitValue()).as("chromium exit code; stderr: %s", Files.readString(err)).isZero();
        return new Browser(Files.readString(out), Files.readString(err));
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static Path chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "chromium");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        boolean required = Boolean.parseBoolean(System.getProperty("bdl4j.requireChromium", "false"));
        if (required) {
            throw new AssertionError("chromium is not installed (apt-get install chromium), and the build requires it");
        }
        Assumptions.abort("chromium not installed (apt-get install chromium)");
        return null;
    }
}
