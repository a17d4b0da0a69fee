package org.bdl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.bdl4j.data.Dataset;
import org.bdl4j.ensemble.DeepEnsemble;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.Posteriors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ensemble members trained one per task on {@code local[2,2]} (two task threads, a failed task tried
 * twice) against the single-JVM sequential ensemble of the same table and options: the members'
 * weights bit for bit; a staged member is kept and a half-written attempt ignored, and a task that
 * dies while writing its member is retried, with the same result.
 */
class SparkEnsembleTest {
    private static final Map<String, String> OPTIONS = Map.of("members", "3", "seed", "7", "epochs", "5",
            "hidden", "16");
    private static SparkSession spark;
    @TempDir
    static Path dir;
    private static Path csv;
    private static DeepEnsemble single;

    @BeforeAll
    static void start() throws Exception {
        spark = TestModels.localSparkOn("local[2,2]", "bdl4j-spark-ensemble-test");
        csv = TestModels.writeLabelledCsv(TestModels.MOONS.train(), dir.resolve("train.csv"));
        EnsembleFitSpec spec = spec("unused");
        FitRequest request = SparkEnsemble.request(spec);
        assertThat(request.options().describe()).containsEntry("ensemble-training", "sequential");
        single = (DeepEnsemble) Methods.fit(DeepEnsemble.METHOD, request);
    }

    @AfterAll
    static void stop() {
        if (single != null) {
            single.close();
        }
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void membersTrainedOnePerTaskEqualTheSingleJvmEnsemble() {
        EnsembleFitSpec spec = spec("fresh");
        assertThat(SparkEnsemble.fit(spark, spec)).isEqualTo(3);
        assertEqualsSingle(Path.of(spec.out()));
        assertThat(Path.of(spec.staging())).doesNotExist();
        try (var saved = Posteriors.load(Path.of(spec.out()))) { // the table as named, and its bytes' SHA-256
            assertThat(saved.provenance().data().source()).isEqualTo(spec.train());
            assertThat(saved.provenance().data().sha256()).isEqualTo(org.bdl4j.data.Sha256.ofFiles(csv));
        }
        assertThatThrownBy(() -> SparkEnsemble.fit(spark, spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--out " + spec.out() + " exists; choose another directory");
    }

    @Test
    void aStagedMemberIsKeptAndAHalfWrittenAttemptIgnored() throws Exception {
        EnsembleFitSpec spec = spec("resumed");
        MemberFiles files = new MemberFiles(spec.staging());
        assertThat(files.write(DeepEnsemble.trainMember(SparkEnsemble.request(spec), 0), 1)).isTrue();
        Path killed = Path.of(spec.staging(), "_attempt-1-99");
        Files.createDirectories(killed);
        Files.write(killed.resolve(MemberFiles.WEIGHTS), new byte[] {1, 2, 3});
        assertThat(SparkEnsemble.fit(spark, spec)).as("members trained by this run").isEqualTo(2);
        assertEqualsSingle(Path.of(spec.out()));
        assertThat(Path.of(spec.staging())).doesNotExist();
    }

    /**
     * A task that fails half-way through writing its member's weights (on the {@code faulty:} file
     * system of {@link FaultyFileSystem}) leaves a half-written attempt behind; Spark retries the task,
     * the retry writes the member whole, and the model equals the single-JVM ensemble.
     */
    @Test
    void aTaskThatDiesWhileWritingItsMemberIsRetriedAndTheModelIsWhole() {
        EnsembleFitSpec spec = new EnsembleFitSpec(csv.toUri().toString(), "csv", null, OPTIONS,
                dir.resolve("retried").toString(), "faulty:" + dir.resolve("retried.members"));
        FaultyFileSystem.failNext(MemberFiles.WEIGHTS);
        assertThat(SparkEnsemble.fit(spark, spec)).as("members trained by this run").isEqualTo(3);
        assertThat(FaultyFileSystem.failedFile()).as("the file whose writing failed").isNotNull();
        assertThat(FaultyFileSystem.failedFile().getParent().getName()).startsWith("_attempt-");
        assertThat(4L * single.members().get(0).parameters().length).as("bytes of one member's weights")
                .isGreaterThan(FaultyFileSystem.BYTES_BEFORE_FAILURE);
        assertEqualsSingle(Path.of(spec.out()));
        assertThat(dir.resolve("retried.members")).doesNotExist();
    }

    /**
     * The same rows as a one-file Parquet table (written by Spark from the CSV, in its order) train the
     * same members: training depends on the rows' order (the validation split, the minibatches), and
     * Spark reads a many-file table in its own file order.
     */
    @Test
    void aParquetTableTrainsTheSameMembers() {
        String parquet = dir.resolve("train.parquet").toString();
        spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString()).coalesce(1)
                .write().parquet(parquet);
        EnsembleFitSpec spec = new EnsembleFitSpec(parquet, "parquet", null, OPTIONS, dir.resolve("from-parquet")
                .toString(), null);
        assertThat(SparkEnsemble.fit(spark, spec)).isEqualTo(3);
        assertEqualsSingle(Path.of(spec.out()));
    }

    /**
     * The default staging directory of a relative --out is resolved on the driver before the tasks get it:
     * on a cluster each executor has its own working directory, where a relative path would put its member.
     */
    @Test
    void aRelativeStagingDirectoryIsResolvedOnTheDriver() {
        EnsembleFitSpec spec = new EnsembleFitSpec(csv.toString(), "csv", null, OPTIONS, "relative-out", null);
        assertThat(spec.staging()).isEqualTo("relative-out.members");
        assertThat(SparkEnsemble.withQualifiedStaging(spark, spec).staging())
                .isEqualTo("file:" + Path.of("relative-out.members").toAbsolutePath());
        EnsembleFitSpec qualified = new EnsembleFitSpec(csv.toString(), "csv", null, OPTIONS, "relative-out",
                "file:" + dir.resolve("shared.members"));
        assertThat(SparkEnsemble.withQualifiedStaging(spark, qualified)).isSameAs(qualified);
    }

    @Test
    void aBadOptionIsNamedOnTheDriver() {
        EnsembleFitSpec spec = new EnsembleFitSpec(csv.toString(), "csv", null, Map.of("members", "0"),
                dir.resolve("bad").toString(), null);
        assertThatThrownBy(() -> SparkEnsemble.fit(spark, spec)).hasMessageContaining("members")
                .hasMessageContaining("0");
        assertThat(dir.resolve("bad")).doesNotExist();
    }

    /**
     * A regression ensemble that chooses its noise model ({@code EnsembleMethod.choosesNoise}: no noise
     * option, validation rows) trains both candidates' members, six tasks for three members, and keeps
     * what the single-JVM fit keeps: the same likelihood, the same members, the same predictive, the
     * choice in the manifest; nothing of either candidate stays staged.
     */
    @Test
    void aRegressionEnsembleChoosesItsNoiseModelAsTheSingleJvmFitDoes() throws Exception {
        org.bdl4j.data.EvaluationSet set = org.bdl4j.data.GeneratedSets.generate(
                org.bdl4j.data.GeneratedSets.named("sine-hetero-n200"));
        StringBuilder sb = new StringBuilder(String.join(",", set.train().featureNames()) + ",y\n");
        for (int i = 0; i < set.train().rows(); i++) {
            for (float v : set.train().row(i)) {
                sb.append(v).append(',');
            }
            sb.append(set.train().targets()[i]).append('\n');
        }
        Path table = Files.writeString(dir.resolve("sine.csv"), sb);
        EnsembleFitSpec spec = new EnsembleFitSpec(table.toString(), "csv", null, OPTIONS,
                dir.resolve("sine-ensemble").toString(), null);
        FitRequest request = SparkEnsemble.plainRequest(spec);
        assertThat(request.validation()).isPresent();
        try (DeepEnsemble local = (DeepEnsemble) Methods.fit(DeepEnsemble.METHOD, request)) {
            assertThat(SparkEnsemble.fit(spark, spec)).as("members of both candidates").isEqualTo(6);
            assertThat(Path.of(spec.staging())).doesNotExist();
            try (DeepEnsemble fromSpark = (DeepEnsemble) Posteriors.load(Path.of(spec.out()))) {
                assertThat(fromSpark.likelihood()).isEqualTo(local.likelihood());
                assertThat(fromSpark.training().get("noiseChoice")).isEqualTo(local.training().get("noiseChoice"));
                for (int m = 0; m < 3; m++) {
                    assertThat(fromSpark.members().get(m).parameters()).as("member %d", m)
                            .isEqualTo(local.members().get(m).parameters());
                }
                assertThat(fromSpark.predictRegression(set.test()).mean())
                        .isEqualTo(local.predictRegression(set.test()).mean());
            }
        }
    }

    private static EnsembleFitSpec spec(String name) {
        return new EnsembleFitSpec(csv.toUri().toString(), "csv", null, OPTIONS, dir.resolve(name).toString(), null);
    }

    private static void assertEqualsSingle(Path model) {
        try (DeepEnsemble spark = (DeepEnsemble) Posteriors.load(model)) {
            assertThat(spark.size()).isEqualTo(3);
            for (int m = 0; m < 3; m++) {
                assertThat(spark.members().get(m).parameters()).as("member %d", m)
                        .isEqualTo(single.members().get(m).parameters());
            }
            Dataset test = TestModels.MOONS.test();
            assertThat(spark.predictClasses(test).probabilities())
                    .isDeepEqualTo(single.predictClasses(test).probabilities());
        }
    }
}
