package org.bdl4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bdl4j.Posterior;
import org.bdl4j.data.EvaluationSet;
import org.bdl4j.data.GeneratedSets;
import org.bdl4j.io.TemporaryDirectory;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.TrainingOptions;

/**
 * Small saved models for the Spark tests, fitted once per test JVM (20 epochs, seed 5): MAP, Laplace
 * and MC dropout on two moons, MAP on a 1-D sine regression.
 */
public final class TestModels {
    public static final EvaluationSet MOONS = GeneratedSets.generate(GeneratedSets.named("moons-n100"));
    public static final EvaluationSet SINE = GeneratedSets.generate(GeneratedSets.named("sine-homo-n100"));
    private static final Map<String, Path> SAVED = new ConcurrentHashMap<>();
    /** Where the saved models and their copies go; deleted when the test JVM exits. */
    private static final Path ROOT = root();

    private TestModels() {}

    /**
     * The directory of a saved model: {@code map}, {@code laplace}, {@code mc-dropout} (moons) or
     * {@code map-regression} (sine).
     */
    public static synchronized Path get(String name) {
        return SAVED.computeIfAbsent(name, TestModels::fitAndSave);
    }

    /**
     * A Spark session on {@code local[2]} (two task threads in this JVM), without its web UI, logging
     * warnings only, with the {@code config} pairs (key, value, ...) given.
     */
    public static org.apache.spark.sql.SparkSession localSpark(String app, String... config) {
        return localSparkOn("local[2]", app, config);
    }

    /** As {@link #localSpark} on the given master, e.g. {@code local[2,2]} (a failed task tried twice). */
    public static org.apache.spark.sql.SparkSession localSparkOn(String master, String app, String... config) {
        org.apache.spark.sql.SparkSession.Builder b = org.apache.spark.sql.SparkSession.builder().master(master)
                .appName(app).config("spark.ui.enabled", "false");
        for (int i = 0; i + 1 < config.length; i += 2) {
            b.config(config[i], config[i + 1]);
        }
        org.apache.spark.sql.SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /** A copy of a saved model in a directory of its own (for a test that adds to it). */
    public static Path copy(String name, String copyName) throws IOException {
        Path from = get(name);
        Path to = Files.createTempDirectory(ROOT, "copy-").resolve(copyName);
        Files.createDirectories(to);
        try (java.util.stream.Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** The rows of a classification set as CSV: its features by name, then {@code label} (the class name). */
    public static Path writeLabelledCsv(org.bdl4j.data.Dataset data, Path file) throws IOException {
        StringBuilder sb = new StringBuilder(String.join(",", data.featureNames()) + ",label\n");
        for (int i = 0; i < data.rows(); i++) {
            for (float v : data.row(i)) {
                sb.append(v).append(',');
            }
            sb.append(data.classNames().get(data.labels()[i])).append('\n');
        }
        Files.writeString(file, sb);
        return file;
    }

    private static Path root() {
        try {
            return TemporaryDirectory.untilExit("bdl4j-spark-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path fitAndSave(String name) {
        EvaluationSet set = name.endsWith("-regression") ? SINE : MOONS;
        String method = name.replace("-regression", "");
        OptionValues options = OptionValues.empty().with(RequestOptions.SEED, 5L).with(TrainingOptions.EPOCHS, 20);
        try (Posterior p = Methods.fit(method, FitRequest.fromOptions(set.train(), null, options).build())) {
            Path out = ROOT.resolve(name);
            p.save(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
