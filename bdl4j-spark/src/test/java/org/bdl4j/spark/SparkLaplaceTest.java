package org.bdl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.laplace.CurvatureSums;
import org.bdl4j.laplace.Laplace;
import org.bdl4j.laplace.LaplacePosterior;
import org.bdl4j.method.Posteriors;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Laplace's curvature summed over three or more Parquet partitions on {@code local[2]} against the single-JVM
 * sweep of the same rows: every sum (KFAC factors, full matrices; last layer and all layers) to 1e-5 of
 * its array's largest value (per-batch float32 products, grouped otherwise), the log-likelihood to
 * 1e-6; the saved posterior's λ (marginal likelihood, an iterative search) to 1e-4 and its class
 * probabilities to 1e-5.
 */
class SparkLaplaceTest {
    private static SparkSession spark;
    @TempDir
    static Path dir;
    private static Path table;
    private static Path validation;
    private static final Dataset TRAIN = TestModels.MOONS.train();
    /** Held-out rows: the first 150 test rows (the last ones check the predictions). */
    private static final Dataset VALIDATION = TestModels.MOONS.test().slice(0, 150);

    @BeforeAll
    static void start() {
        spark = TestModels.localSpark("bdl4j-spark-laplace-test", "spark.sql.files.maxPartitionBytes", "1024");
        table = writeParquet(TRAIN, dir.resolve("train.parquet"), 3);
        validation = writeParquet(VALIDATION, dir.resolve("validation.parquet"), 2);
    }

    /** The rows of {@code data} as a Parquet table of {@code partitions} partitions, the label as text. */
    private static Path writeParquet(Dataset data, Path path, int partitions) {
        StructType schema = new StructType();
        for (String f : data.featureNames()) {
            schema = schema.add(f, DataTypes.FloatType, false);
        }
        schema = schema.add("label", DataTypes.StringType, false);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.rows(); i++) {
            float[] x = data.row(i);
            Object[] v = new Object[x.length + 1];
            for (int j = 0; j < x.length; j++) {
                v[j] = x[j];
            }
            v[x.length] = data.classNames().get(data.labels()[i]);
            rows.add(RowFactory.create(v));
        }
        spark.createDataFrame(rows, schema).coalesce(1).repartition(partitions).write().parquet(path.toString());
        return path;
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"last-layer:kron", "last-layer:full", "all:kron"})
    void curvatureSummedOverPartitionsEqualsTheSingleJvmSweep(String config) throws Exception {
        String[] c = config.split(":");
        FromMapFitSpec spec = new FromMapFitSpec(TestModels.get("map").toString(), table.toString(), "parquet",
                List.of(), "label", Map.of("subset", c[0], "hessian", c[1]), dir.resolve(c[0] + "-" + c[1]).toString());
        MapPosterior map = SparkLaplace.map(spec.map());
        Laplace laplace = SparkLaplace.laplace(map, spec);
        assertThat(spark.read().parquet(table.toString()).javaRDD().getNumPartitions()).isGreaterThanOrEqualTo(3);
        CurvatureSums distributed = SparkLaplace.sums(SparkLaplace.read(spark, spec), spec, map);
        CurvatureSums single = laplace.curvatureSums(TRAIN);
        assertThat(distributed.rows()).isEqualTo(TRAIN.rows());
        assertThat(distributed.logLikelihood()).isCloseTo(single.logLikelihood(),
                within(1e-6 * Math.abs(single.logLikelihood())));
        for (int i = 0; i < single.sums().size(); i++) {
            double[] a = single.sums().get(i);
            double[] b = distributed.sums().get(i);
            double scale = 0;
            for (double v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int j = 0; j < a.length; j++) {
                assertThat(b[j]).as("%s sum %d[%d]", config, i, j).isCloseTo(a[j], within(1e-5 * scale));
            }
        }
        assertThat(SparkLaplace.fit(spark, spec)).isEqualTo(TRAIN.rows());
        try (LaplacePosterior saved = (LaplacePosterior) Posteriors.load(Path.of(spec.out()));
                LaplacePosterior whole = laplace.fit(TRAIN)) {
            assertThat(saved.priorPrecision()).isCloseTo(whole.priorPrecision(), within(1e-4 * whole.priorPrecision()));
            assertSameProbabilities(saved, whole, TestModels.MOONS.test());
            assertThat(saved.provenance().data().rows()).isEqualTo(TRAIN.rows());
        }
    }

    /**
     * With a validation table the prior is chosen as {@code bdl4j fit} chooses it with validation rows:
     * the default (the marginal likelihood checked against the grid search on their NLL) and an explicit
     * grid search give the single JVM's λ on the same rows (the grid's λ exactly: one of 21 values) and
     * its probabilities; without the table the grid search is refused with the option to add.
     */
    @ParameterizedTest
    @ValueSource(strings = {"checked-marglik", "gridsearch"})
    void aValidationTableChoosesThePriorAsTheSingleJvmDoes(String prior) {
        Map<String, String> options = prior.equals("gridsearch") ? Map.of("prior-optimize", "gridsearch") : Map.of();
        FromMapFitSpec spec = new FromMapFitSpec(TestModels.get("map").toString(), table.toString(), "parquet",
                List.of(), "label", options, dir.resolve("validated-" + prior).toString())
                .withValidation(validation.toString());
        assertThat(SparkLaplace.fit(spark, spec)).isEqualTo(TRAIN.rows());
        MapPosterior map = SparkLaplace.map(spec.map());
        Dataset collected = SparkLaplace.validationRows(spark, spec, map);
        assertThat(collected.rows()).isEqualTo(VALIDATION.rows());
        try (LaplacePosterior saved = (LaplacePosterior) Posteriors.load(Path.of(spec.out()));
                LaplacePosterior whole = SparkLaplace.laplace(map, spec, VALIDATION).fit(TRAIN)) {
            if (prior.equals("gridsearch")) {
                assertThat(saved.priorPrecision()).isEqualTo(whole.priorPrecision());
            } else {
                assertThat(saved.priorPrecision()).isCloseTo(whole.priorPrecision(),
                        within(1e-4 * whole.priorPrecision()));
            }
            assertSameProbabilities(saved, whole, TestModels.MOONS.test().slice(150, TestModels.MOONS.test().rows()));
        }
        if (prior.equals("gridsearch")) {
            FromMapFitSpec without = new FromMapFitSpec(spec.map(), spec.train(), "parquet", List.of(), "label",
                    options, dir.resolve("no-validation").toString());
            assertThatThrownBy(() -> SparkLaplace.fit(spark, without))
                    .hasMessage("prior-optimize gridsearch needs a validation table: add --validation PATH");
        }
    }

    /**
     * A largest-variance subnetwork in two distributed passes (the diagonal it is chosen from, then its
     * curvature) against the single-JVM fit on all rows: the same 20 weights, λ and probabilities.
     */
    @Test
    void aLargestVarianceSubnetworkIsChosenFromTheDistributedDiagonal() {
        FromMapFitSpec spec = new FromMapFitSpec(TestModels.get("map").toString(), table.toString(), "parquet",
                List.of(), "label", Map.of("subset", "subnetwork", "subnetwork-size", "20"),
                dir.resolve("subnetwork").toString());
        assertThat(SparkLaplace.fit(spark, spec)).isEqualTo(TRAIN.rows());
        MapPosterior map = SparkLaplace.map(spec.map());
        try (LaplacePosterior saved = (LaplacePosterior) Posteriors.load(Path.of(spec.out()));
                LaplacePosterior whole = SparkLaplace.laplace(map, spec).fit(TRAIN)) {
            assertThat(saved.subnetwork().orElseThrow().indices()).containsExactly(
                    whole.subnetwork().orElseThrow().indices());
            assertThat(saved.priorPrecision()).isCloseTo(whole.priorPrecision(), within(1e-4 * whole.priorPrecision()));
            assertSameProbabilities(saved, whole, TestModels.MOONS.test());
        }
    }

    /** The class probabilities of the two posteriors on {@code test}, to 1e-5. */
    private static void assertSameProbabilities(LaplacePosterior saved, LaplacePosterior whole, Dataset test) {
        ClassificationPredictive p1 = whole.predictClasses(test);
        ClassificationPredictive p2 = saved.predictClasses(test);
        for (int i = 0; i < test.rows(); i++) {
            assertThat(p2.probabilities()[i][0]).as("row %d", i).isCloseTo(p1.probabilities()[i][0], within(1e-5));
        }
    }

    @Test
    void aModelThatIsNotAMapIsRefused() {
        FromMapFitSpec spec = new FromMapFitSpec(TestModels.get("laplace").toString(), table.toString(), "parquet",
                List.of(), "label", Map.of(), dir.resolve("not-map").toString());
        assertThatThrownBy(() -> SparkLaplace.fit(spark, spec))
                .hasMessageEndingWith("is a laplace model; the Laplace approximation starts from a map model");
    }

    @Test
    void anUnknownClassIsNamedWithItsRow() throws Exception {
        Path bad = dir.resolve("bad.csv");
        java.nio.file.Files.writeString(bad, String.join(",", TRAIN.featureNames()) + ",label\n0.1,0.2,0\n0.3,0.4,7\n");
        FromMapFitSpec spec = new FromMapFitSpec(TestModels.get("map").toString(), bad.toString(), "csv",
                List.of(), "label", Map.of(), dir.resolve("bad-model").toString());
        assertThatThrownBy(() -> SparkLaplace.fit(spark, spec))
                .hasStackTraceContaining("column label, partition 0, row 2: class '7' is not one of the model's classes");
    }
}
