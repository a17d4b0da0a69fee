package org.bdl4j.bench;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.ensemble.DeepEnsemble;
import org.bdl4j.ensemble.EnsembleOptions;
import org.bdl4j.ensemble.EnsembleTraining;
import org.bdl4j.io.TemporaryDirectory;
import org.bdl4j.laplace.Laplace;
import org.bdl4j.laplace.PriorPrecision;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Posteriors;
import org.bdl4j.spark.BdlSpark;
import org.bdl4j.spark.FromMapFitSpec;
import org.bdl4j.spark.ModelCache;
import org.bdl4j.spark.ScoreSpec;
import org.bdl4j.spark.SparkLaplace;
import org.bdl4j.train.MapPosterior;

/**
 * The {@code SPARK} workload: scoring throughput of {@code BdlSpark.score} on {@code local[1]} and
 * {@code local[2]} against the single-JVM {@code Posterior.predict} of the same rows with 1 and 2
 * intra-op threads, for MAP, a 5-member ensemble and last-layer KFAC Laplace (its default Monte Carlo
 * link) on the W1 network after one epoch; and the fixed costs: the SparkSession's start, the model's
 * load, and the first (warm-up) scoring job. The table is the 10,000 Fashion-MNIST test images as one
 * array column, cached in Spark before timing, scored into Spark's {@code noop} sink, in as many
 * partitions as task slots; each timing is the best of {@value #REPEATS}. Spark sets libtorch to one
 * thread per task ({@code spark.task.cpus} = 1), so local[2] runs two single-threaded tasks: this JVM
 * must not set {@code -Dai.djl.pytorch.num_threads}.
 *
 * <p>Then the distributed Laplace fit ({@code SparkLaplace.fit}, last-layer KFAC, the marginal
 * likelihood's λ) on {@value #LAPLACE_ROWS} training images in as many partitions as task slots, against
 * the single-JVM fit of the same rows with 1 and 2 threads.
 */
final class SparkScoring {
    static final int REPEATS = 3;
    static final int LAPLACE_ROWS = 20_000;
    private static final String[] MASTERS = {"local[1]", "local[2]"};

    private SparkScoring() {}

    static void run(Path dataDir) {
        if (System.getProperty("ai.djl.pytorch.num_threads") != null) {
            throw new IllegalArgumentException("SPARK: run without -Dai.djl.pytorch.num_threads (tasks set it)");
        }
        FashionData data = FashionData.load(dataDir, true);
        Dataset test = data.test();
        Map<String, Path> models = fit(data);
        Dataset laplaceRows = data.train().slice(0, LAPLACE_ROWS);
        double[] singleLaplace = new double[2];
        try (MapPosterior map = (MapPosterior) Posteriors.load(models.get("map"))) {
            for (int t = 1; t <= 2; t++) {
                JniUtils.setNumThreads(t);
                singleLaplace[t - 1] = Double.POSITIVE_INFINITY;
                for (int r = 0; r < REPEATS; r++) {
                    long t0 = System.nanoTime();
                    Laplace.builder(map).priorPrecision(PriorPrecision.marginalLikelihood()).build().fit(laplaceRows).close();
                    singleLaplace[t - 1] = Math.min(singleLaplace[t - 1], (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        Map<String, double[]> single = new LinkedHashMap<>();
        for (Map.Entry<String, Path> m : models.entrySet()) {
            try (Posterior p = Posteriors.load(m.getValue())) {
                single.put(m.getKey(), new double[] {singleJvm(p, test, 1), singleJvm(p, test, 2)});
            }
        }
        for (String master : MASTERS) {
            long s0 = System.nanoTime();
            SparkSession spark = SparkSession.builder().master(master).appName("bdl4j-bench SPARK")
                    .config("spark.ui.enabled", "false").getOrCreate();
            double sessionStart = (System.nanoTime() - s0) / 1e9;
            int slots = master.equals("local[1]") ? 1 : 2;
            try {
                org.apache.spark.sql.Dataset<Row> table = table(spark, test).repartition(slots).cache();
                table.count();
                for (Map.Entry<String, Path> m : models.entrySet()) {
                    long l0 = System.nanoTime();
                    ModelCache.get(m.getValue().toString());
                    double load = (System.nanoTime() - l0) / 1e9;
                    ScoreSpec spec = ScoreSpec.of(m.getValue().toString()).withFeatureColumns(List.of("pixels"));
                    double first = timeScoring(table, spec);
                    double best = Double.POSITIVE_INFINITY;
                    for (int r = 0; r < REPEATS; r++) {
                        best = Math.min(best, timeScoring(table, spec));
                    }
                    double[] baseline = single.get(m.getKey());
                    double sparkRate = test.rows() / best;
                    double singleRate = test.rows() / baseline[slots - 1];
                    new JsonLine("SPARK", m.getKey(), W1MapTraining.SEED).setting("master", master)
                            .setting("partitions", slots).setting("rows", test.rows())
                            .setting("batch_size", ScoreSpec.DEFAULT_BATCH_SIZE)
                            .setting("network", "mlp 784-256-256-10 relu dropout 0.1, 1 epoch")
                            .setting("threads", "1 per task; single JVM " + slots)
                            .time("session_start", sessionStart).time("model_load_first", load)
                            .time("first_job", first).time("score", best).time("single_jvm_predict", baseline[slots - 1])
                            .extra("rows_per_s", sparkRate).extra("single_jvm_rows_per_s", singleRate)
                            .extra("ratio_spark_over_single_jvm_rate", sparkRate / singleRate).print();
                }
                laplaceLine(spark, master, slots, laplaceRows, models.get("map"), singleLaplace[slots - 1]);
            } finally {
                spark.stop();
            }
        }
    }

    /** The distributed last-layer KFAC fit of {@code rows} on this session, best of the repeats, as one line. */
    private static void laplaceLine(SparkSession spark, String master, int slots, Dataset rows, Path map,
            double singleSeconds) {
        org.apache.spark.sql.Dataset<Row> table = labelled(spark, rows).repartition(slots).cache();
        table.count();
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < REPEATS; r++) {
            Path out = map.resolveSibling("laplace-spark-" + slots + "-" + r);
            FromMapFitSpec spec = new FromMapFitSpec(map.toString(), "fashion-mnist train rows", "parquet",
                    List.of("pixels"), "label", Map.of("prior-optimize", "marglik"), out.toString());
            long t0 = System.nanoTime();
            SparkLaplace.fit(table, spec);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        table.unpersist();
        new JsonLine("SPARK", "laplace-fit", W1MapTraining.SEED).setting("master", master).setting("partitions", slots)
                .setting("rows", rows.rows()).setting("laplace", "last-layer kron, marginal likelihood")
                .setting("threads", "1 per task; single JVM " + slots)
                .time("fit", best).time("single_jvm_fit", singleSeconds)
                .extra("ratio_spark_over_single_jvm_time", best / singleSeconds).print();
    }

    /** MAP, ensemble and Laplace on the W1 network after one epoch, saved to a temporary directory. */
    private static Map<String, Path> fit(FashionData data) {
        try {
            Path dir = TemporaryDirectory.untilExit("bdl4j-bench-spark-");
            Map<String, Path> models = new LinkedHashMap<>();
            FitRequest request = FitRequest.builder(data.train()).likelihood(Likelihood.CATEGORICAL)
                    .network(W1MapTraining.spec()).standardize(false).trainer(W1MapTraining.trainer(1).build())
                    .seed(W1MapTraining.SEED).build();
            try (MapPosterior map = MapMethod.train(request)) {
                models.put("map", save(map, dir.resolve("map")));
                try (Posterior laplace = Laplace.builder(map).priorPrecision(PriorPrecision.fixed(map.priorPrecision()))
                        .build().fit(data.train())) {
                    models.put("laplace", save(laplace, dir.resolve("laplace")));
                }
            }
            try (DeepEnsemble e = DeepEnsemble.fit(request, new EnsembleOptions(5, EnsembleTraining.VECTORIZED))) {
                models.put("ensemble", save(e, dir.resolve("ensemble")));
            }
            return models;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path save(Posterior p, Path dir) throws IOException {
        p.save(dir);
        return dir;
    }

    /** Seconds of one predict of all rows with {@code threads} intra-op threads, best of the repeats. */
    private static double singleJvm(Posterior p, Dataset rows, int threads) {
        JniUtils.setNumThreads(threads);
        p.predict(rows.slice(0, 512));
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            p.predict(rows);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private static double timeScoring(org.apache.spark.sql.Dataset<Row> table, ScoreSpec spec) {
        long t0 = System.nanoTime();
        BdlSpark.score(table, spec).write().format("noop").mode("overwrite").save();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The rows as a DataFrame: {@code pixels} (an array of the 784 values) and {@code label} (the class name). */
    private static org.apache.spark.sql.Dataset<Row> labelled(SparkSession spark, Dataset data) {
        StructType schema = new StructType().add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.StringType, false);
        List<Row> rows = new ArrayList<>(data.rows());
        for (int i = 0; i < data.rows(); i++) {
            rows.add(RowFactory.create(boxed(data.row(i)), data.classNames().get(data.labels()[i])));
        }
        return spark.createDataFrame(rows, schema);
    }

    private static Float[] boxed(float[] x) {
        Float[] b = new Float[x.length];
        for (int j = 0; j < x.length; j++) {
            b[j] = x[j];
        }
        return b;
    }

    /** The rows as a DataFrame: {@code id}, {@code pixels} (an array of the 784 values). */
    private static org.apache.spark.sql.Dataset<Row> table(SparkSession spark, Dataset data) {
        StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
                .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        List<Row> rows = new ArrayList<>(data.rows());
        for (int i = 0; i < data.rows(); i++) {
            rows.add(RowFactory.create(i, boxed(data.row(i))));
        }
        return spark.createDataFrame(rows, schema);
    }
}
