package org.bdl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.bdl4j.data.Dataset;
import org.bdl4j.mcmc.HmcMethod;
import org.bdl4j.mcmc.SampleEnsemblePosterior;
import org.bdl4j.method.Posteriors;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HMC with one chain per task on {@code local[2]} against the single-JVM fit of the same rows and
 * options: every draw bit for bit and the same diagnostics, the prior chosen among the three candidates
 * on the validation table's rows.
 */
class SparkHmcTest {
    private static final Map<String, String> OPTIONS = Map.of("hmc-chains", "3", "samples", "24", "hmc-warmup", "30",
            "hmc-leapfrog-steps", "5", "seed", "4");
    private static SparkSession spark;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = TestModels.localSpark("bdl4j-spark-hmc-test");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void chainsRunOnePerTaskEqualTheSingleJvmFit() throws Exception {
        Path train = TestModels.writeLabelledCsv(TestModels.MOONS.train(), dir.resolve("train.csv"));
        Path validation = TestModels.writeLabelledCsv(TestModels.MOONS.test().slice(0, 60), dir.resolve("val.csv"));
        FromMapFitSpec spec = new FromMapFitSpec(TestModels.get("map").toString(), train.toString(), "csv", List.of(),
                "label", OPTIONS, dir.resolve("hmc").toString(), validation.toString());
        SparkHmc.Fitted fitted = SparkHmc.fit(spark, spec);
        assertThat(fitted.chains()).isEqualTo(3);
        MapPosterior map = SparkLaplace.map(spec.map());
        Dataset rows = CollectedRows.labelled(spark, spec, spec.train(), map, "train");
        Dataset held = CollectedRows.labelled(spark, spec, spec.validation(), map, "validation");
        assertThat(rows.features()).containsExactly(TestModels.MOONS.train().features());
        OptionValues o = SparkHmc.options(spec);
        try (SampleEnsemblePosterior saved = (SampleEnsemblePosterior) Posteriors.load(Path.of(spec.out()));
                SampleEnsemblePosterior single = HmcMethod.hmc(o, o.get(RequestOptions.SEED)).fit(map, rows, held)) {
            assertThat(saved.size()).isEqualTo(single.size()).isEqualTo(24);
            for (int s = 0; s < single.size(); s++) {
                assertThat(saved.sample(s)).as("draw %d", s).containsExactly(single.sample(s));
            }
            assertThat(saved.diagnostics().toString()).isEqualTo(single.diagnostics().toString());
            assertThat(saved.diagnostics().getAsJsonObject("priorSearch").keySet()).hasSize(3);
            assertThat(saved.provenance().warnings()).isEqualTo(fitted.warnings());
        }
        assertThatThrownBy(() -> SparkHmc.fit(spark, spec)).hasMessage("--out " + spec.out()
                + " exists; choose another directory");
    }
}
