package org.bdl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.EvaluationSet;
import org.bdl4j.ood.OodScore;
import org.bdl4j.ood.OodScorer;
import org.bdl4j.ood.RejectionFile;
import org.bdl4j.ood.RejectionRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark scoring on {@code local[2]} (two task threads sharing one executor JVM, so one cached model)
 * against the same posterior called directly in this JVM: on the very batches Spark made (each
 * partition's rows in order, cut every {@value #BATCH} rows) the values must be bit-identical, for MAP,
 * for Laplace with its Monte Carlo link (draws shared by the rows) and for MC dropout (masks per pass
 * shared by the rows, seeded per call); against one call on all rows, within float rounding (libtorch
 * may choose another kernel for another batch size).
 */
class SparkScoreTest {
    private static final int BATCH = 7;
    private static SparkSession spark;
    private static final EvaluationSet moons = TestModels.MOONS;
    private static final EvaluationSet sine = TestModels.SINE;

    @BeforeAll
    static void start() {
        spark = TestModels.localSpark("bdl4j-spark-test");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void mapScoresEqualTheSameBatchesPredictedDirectly() {
        checkAgainstDirectCalls("map", moons.test(), TestModels.get("map").toString());
    }

    /**
     * Laplace's Monte Carlo link shares its draws among the rows, so a row's probabilities do not depend
     * on the rows batched with it: Spark's batches agree with one call on all rows too.
     */
    @Test
    void laplacesMonteCarloLinkIsTheSameWhateverTheBatches() {
        checkAgainstDirectCalls("laplace", moons.test(), TestModels.get("laplace").toString());
    }

    /**
     * MC dropout's default mode draws T masks per dropout layer once per call and shares them among
     * the rows: like Laplace's Monte Carlo link, the same whatever the batches.
     */
    @Test
    void mcDropoutsSharedMasksAreTheSameWhateverTheBatches() {
        checkAgainstDirectCalls("mc-dropout", moons.test(), TestModels.get("mc-dropout").toString());
    }

    @Test
    void regressionColumnsEqualTheDirectPredictive() {
        checkAgainstDirectCalls("map-regression", sine.test(), TestModels.get("map-regression").toString());
    }

    @Test
    void aModelOnAHadoopFileSystemIsCopiedOnceAndScoresTheSame() {
        String uri = TestModels.get("map").toUri().toString();
        assertThat(uri).startsWith("file:");
        assertThat(ModelCache.localDirectory(uri)).isNotEqualTo(TestModels.get("map"));
        checkAgainstDirectCalls("map", moons.test(), uri);
    }

    @Test
    void twoRunsGiveTheSameOutputAndTheTasksShareOneModel() {
        String model = TestModels.get("laplace").toString();
        List<Row> first = scored(moons.test(), model);
        List<Row> second = scored(moons.test(), model);
        assertThat(second).isEqualTo(first);
        assertThat(ModelCache.get(model)).isSameAs(ModelCache.get(model));
    }

    /**
     * The model's rejection rule (entropy, fitted to accept 90% of test rows 0-199): each row's
     * {@code ood_score} and {@code reject} are what the saved rule gives on that row in this JVM, and
     * the rule refuses about 10% of the other 300 test rows, exchangeable with those it was fitted on
     * (at most 0.1 plus three binomial standard errors, 0.152). (The shifted OOD rows are no check of
     * the rule: a MAP classifier is most confident far from its data.)
     */
    @Test
    void theSavedRejectionRuleMarksRows() throws Exception {
        Path model = TestModels.copy("map", "map-with-rule");
        try (Posterior p = org.bdl4j.method.Posteriors.load(model)) {
            OodScorer scorer = OodScorer.of(p);
            double[] fitted = scorer.score(moons.test().slice(0, 200), List.of(OodScore.ENTROPY)).scores()
                    .get(OodScore.ENTROPY);
            RejectionFile.write(model, RejectionRule.fit(OodScore.ENTROPY, fitted, 0.9), scorer, "test rows 0-199");
        }
        Dataset both = moons.test().withoutTargets();
        List<Row> in = scoredWithRule(both, model.toString());
        try (Posterior p = org.bdl4j.method.Posteriors.load(model)) {
            RejectionFile.Loaded rule = RejectionFile.read(model, p);
            double[] expected = rule.scorer().score(both, List.of(OodScore.ENTROPY)).scores().get(OodScore.ENTROPY);
            for (Row r : in) {
                int id = r.getInt(0);
                double score = r.getDouble(r.fieldIndex("ood_score"));
                assertThat(score).isCloseTo(expected[id], within(1e-6));
                assertThat(r.getBoolean(r.fieldIndex("reject"))).isEqualTo(rule.rule().rejects(new double[] {score})[0]);
            }
        }
        double refused = in.stream().filter(r -> r.getInt(0) >= 200 && r.getBoolean(r.fieldIndex("reject"))).count()
                / 300.0;
        assertThat(refused).isLessThanOrEqualTo(0.1 + 3 * Math.sqrt(0.09 / 300));
        assertThatThrownBy(() -> BdlSpark.score(frame(both), ScoreSpec.of(TestModels.get("laplace").toString())
                .withReject())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no rejection rule");
    }

    private List<Row> scoredWithRule(Dataset rows, String model) {
        return BdlSpark.score(frame(rows), ScoreSpec.of(model).withBatchSize(BATCH).withReject()).collectAsList();
    }

    @Test
    void aMissingColumnIsNamedBeforeAnyTaskRuns() {
        String second = moons.test().featureNames().get(1);
        org.apache.spark.sql.Dataset<Row> df = frame(moons.test()).drop(second);
        assertThatThrownBy(() -> BdlSpark.score(df, ScoreSpec.of(TestModels.get("map").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the input has no column " + second + " (the model's feature 2 of 2)");
    }

    @Test
    void aNullCellIsNamedWithItsColumnPartitionAndRow() {
        String first = moons.test().featureNames().get(0);
        org.apache.spark.sql.Dataset<Row> df = frame(moons.test()).withColumn(first,
                functions.when(functions.col("id").equalTo(3), functions.lit(null)).otherwise(functions.col(first)))
                .coalesce(1);
        org.apache.spark.sql.Dataset<Row> scored = BdlSpark.score(df, ScoreSpec.of(TestModels.get("map").toString()));
        assertThatThrownBy(scored::collectAsList).isInstanceOf(SparkException.class)
                .hasStackTraceContaining("column " + first + ", partition 0, row 4: null (expected a finite number)");
    }

    /**
     * Scores through Spark; recomputes every batch directly and compares bit for bit, then with one
     * call on all rows.
     */
    private void checkAgainstDirectCalls(String name, Dataset test, String location) {
        List<Row> rows = scored(test, location);
        assertThat(rows).hasSize(test.rows());
        Map<Integer, List<Row>> byPartition = new LinkedHashMap<>();
        for (Row r : rows) {
            byPartition.computeIfAbsent(r.getInt(r.fieldIndex("pid")), k -> new ArrayList<>()).add(r);
        }
        assertThat(byPartition).as("partitions").hasSize(2);
        try (Posterior direct = org.bdl4j.method.Posteriors.load(TestModels.get(name))) {
            for (List<Row> partition : byPartition.values()) {
                partition.sort(Comparator.comparingLong(r -> r.getLong(r.fieldIndex("mid"))));
                for (int from = 0; from < partition.size(); from += BATCH) {
                    List<Row> batch = partition.subList(from, Math.min(partition.size(), from + BATCH));
                    Predictive expected = direct.predict(test.subset(ids(batch)));
                    List<Object[]> values = ScoreColumns.values(expected, ScoreSpec.DEFAULT_LEVEL);
                    for (int i = 0; i < batch.size(); i++) {
                        assertThat(appended(batch.get(i), values.get(i).length))
                                .as("%s row id %d", name, batch.get(i).getInt(0)).isEqualTo(values.get(i));
                    }
                }
            }
            Predictive all = direct.predict(test);
            for (Row r : rows) {
                int id = r.getInt(0);
                if (all instanceof ClassificationPredictive c) {
                    double[] p = toDoubles(r.getList(r.fieldIndex("probabilities")));
                    for (int k = 0; k < p.length; k++) {
                        assertThat(p[k]).isCloseTo(c.probabilities()[id][k], within(1e-6));
                    }
                } else {
                    RegressionPredictive reg = all.asRegression();
                    assertThat(r.getDouble(r.fieldIndex("mean"))).isCloseTo(reg.mean()[id], within(1e-5));
                    assertThat(r.getDouble(r.fieldIndex("std"))).isCloseTo(reg.std()[id], within(1e-5));
                }
            }
        }
    }

    private List<Row> scored(Dataset test, String location) {
        org.apache.spark.sql.Dataset<Row> df = frame(test).repartition(2, functions.col("id"))
                .withColumn("pid", functions.spark_partition_id())
                .withColumn("mid", functions.monotonically_increasing_id());
        return BdlSpark.score(df, ScoreSpec.of(location).withBatchSize(BATCH)).collectAsList();
    }

    /** The rows of a data set as a DataFrame: {@code id} (the row number), then its features by name. */
    private static org.apache.spark.sql.Dataset<Row> frame(Dataset data) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.IntegerType, false));
        for (String f : data.featureNames()) {
            fields.add(DataTypes.createStructField(f, DataTypes.DoubleType, true));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.rows(); i++) {
            float[] x = data.row(i);
            Object[] v = new Object[x.length + 1];
            v[0] = i;
            for (int j = 0; j < x.length; j++) {
                v[j + 1] = (double) x[j];
            }
            rows.add(RowFactory.create(v));
        }
        return spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)));
    }

    private static int[] ids(List<Row> batch) {
        return batch.stream().mapToInt(r -> r.getInt(0)).toArray();
    }

    private static Object[] appended(Row r, int count) {
        Object[] v = new Object[count];
        for (int j = 0; j < count; j++) {
            Object o = r.get(r.length() - count + j);
            v[j] = o instanceof scala.collection.Seq<?> || o instanceof List<?> ? toDoubles(r.getList(r.length() - count + j)) : o;
        }
        return v;
    }

    private static double[] toDoubles(List<Object> values) {
        double[] d = new double[values.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((Number) values.get(i)).doubleValue();
        }
        return d;
    }
}
