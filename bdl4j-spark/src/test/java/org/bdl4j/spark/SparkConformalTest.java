package org.bdl4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import java.nio.file.Path;
import org.bdl4j.Posterior;
import org.bdl4j.calibration.CalibratedPosterior;
import org.bdl4j.calibration.CalibrationMethod;
import org.bdl4j.calibration.TemperatureScaler;
import org.bdl4j.calibration.VarianceScaler;
import org.bdl4j.conformal.ClassificationScore;
import org.bdl4j.conformal.Conditioning;
import org.bdl4j.conformal.RegressionScore;
import org.bdl4j.conformal.SplitConformalClassifier;
import org.bdl4j.conformal.SplitConformalRegressor;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.Posteriors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Post-hoc calibration on rows scored by the executors. Conformal calibration from scores computed on executors ({@code local[2]}, two partitions) against
 * the single-JVM calibration of the same rows: the threshold to 1e-6 (the predictives differ only by
 * batch: float rounding); then sets and intervals on the other half of the test rows, whose coverage
 * must reach 1 − α = 0.9 within three binomial standard errors of 250 rows (0.843).
 */
class SparkConformalTest {
    private static final double ALPHA = 0.1;
    private static final double COVERAGE_FLOOR = 0.9 - 3 * Math.sqrt(0.9 * 0.1 / 250);
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = TestModels.localSpark("bdl4j-spark-conformal-test");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void classificationSetsFromDistributedScoresCoverAndMatchOneJvm() {
        Dataset test = TestModels.MOONS.test();
        Dataset calibration = test.slice(0, 250);
        Dataset held = test.slice(250, 500);
        ScoreSpec spec = ScoreSpec.of(TestModels.get("map").toString()).withBatchSize(64);
        SplitConformalClassifier distributed = SparkConformal.classifier(frame(calibration).repartition(2), spec,
                "label", ClassificationScore.lac(), ALPHA, Conditioning.MARGINAL, 3);
        try (Posterior p = Posteriors.load(TestModels.get("map"))) {
            SplitConformalClassifier single = SplitConformalClassifier.calibrate(ClassificationScore.lac(), ALPHA,
                    Conditioning.MARGINAL, p, calibration, 3);
            assertThat(distributed.thresholds()[0]).isCloseTo(single.thresholds()[0], within(1e-6));
            assertThat(distributed.classNames()).isEqualTo(p.schema().classNames());
        }
        List<Row> rows = BdlSpark.score(frame(held).repartition(2), spec.withConformal(distributed, 3)).collectAsList();
        int covered = 0;
        for (Row r : rows) {
            List<Object> set = r.getList(r.fieldIndex("prediction_set"));
            String label = r.getString(r.fieldIndex("label"));
            covered += set.contains(label) ? 1 : 0;
            List<Object> p = r.getList(r.fieldIndex("probabilities"));
            for (int k = 0; k < p.size(); k++) {
                boolean in = 1 - ((Number) p.get(k)).doubleValue() <= distributed.thresholds()[k];
                assertThat(set.contains(held.classNames().get(k))).isEqualTo(in);
            }
        }
        assertThat(covered / (double) rows.size()).isGreaterThanOrEqualTo(COVERAGE_FLOOR);
    }

    @Test
    void regressionIntervalsFromDistributedScoresCoverAndMatchOneJvm() {
        Dataset test = TestModels.SINE.test();
        Dataset calibration = test.slice(0, 250);
        Dataset held = test.slice(250, 500);
        ScoreSpec spec = ScoreSpec.of(TestModels.get("map-regression").toString()).withBatchSize(64);
        SplitConformalRegressor distributed = SparkConformal.regressor(frame(calibration).repartition(2), spec, "y",
                RegressionScore.absolute(), ALPHA);
        try (Posterior p = Posteriors.load(TestModels.get("map-regression"))) {
            SplitConformalRegressor single = SplitConformalRegressor.calibrate(RegressionScore.absolute(), ALPHA, p,
                    calibration);
            assertThat(distributed.threshold()).isCloseTo(single.threshold(), within(1e-5));
        }
        List<Row> rows = BdlSpark.score(frame(held).repartition(2), spec.withConformal(distributed)).collectAsList();
        int covered = 0;
        for (Row r : rows) {
            double y = r.getDouble(r.fieldIndex("y"));
            double lo = r.getDouble(r.fieldIndex("conformal_lower"));
            double hi = r.getDouble(r.fieldIndex("conformal_upper"));
            assertThat(hi - lo).isCloseTo(2 * distributed.threshold(), within(1e-9));
            covered += lo <= y && y <= hi ? 1 : 0;
        }
        assertThat(covered / (double) rows.size()).isGreaterThanOrEqualTo(COVERAGE_FLOOR);
        assertThatThrownBy(() -> BdlSpark.score(frame(TestModels.MOONS.test()), ScoreSpec.of(TestModels.get("map").toString())
                .withConformal(distributed))).hasMessage("a conformal regressor does not apply to a classification model");
    }

    /**
     * Temperature scaling (classification) and variance scaling (regression) fitted on rows scored by
     * the executors: the same temperature and scale as the single-JVM fit on the same rows (to 1e-6
     * relative: the predictives differ only by batch), and the saved calibrated model, scored on Spark,
     * gives the single-JVM calibrated predictive.
     */
    @Test
    void calibrationOnDistributedRowsEqualsOneJvmAndTheModelApplyIt(@TempDir Path dir) throws Exception {
        Dataset cal = TestModels.MOONS.test().slice(0, 250);
        Dataset held = TestModels.MOONS.test().slice(250, 500);
        ScoreSpec spec = ScoreSpec.of(TestModels.get("map").toString()).withBatchSize(64);
        Path out = dir.resolve("calibrated");
        TemperatureScaler t = (TemperatureScaler) SparkCalibration.fit(frame(cal).repartition(2), spec, "label",
                CalibrationMethod.TEMPERATURE, "moons test rows 0-249", out);
        try (CalibratedPosterior single = CalibratedPosterior.fit(Posteriors.load(TestModels.get("map")), cal,
                CalibrationMethod.TEMPERATURE)) {
            double expected = ((TemperatureScaler) single.calibrator()).temperature();
            assertThat(t.temperature()).isCloseTo(expected, within(1e-6 * expected));
            List<Row> rows = BdlSpark.score(frame(held), ScoreSpec.of(out.toString())).collectAsList();
            double[][] p = single.predictClasses(held).probabilities();
            assertThat(rows).hasSize(held.rows());
            for (int i = 0; i < rows.size(); i++) { // collect keeps the order of the rows
                List<Object> q = rows.get(i).getList(rows.get(i).fieldIndex("probabilities"));
                assertThat(((Number) q.get(0)).doubleValue()).isCloseTo(p[i][0], within(1e-5));
            }
        }
        Dataset sineCal = TestModels.SINE.test().slice(0, 250);
        ScoreSpec reg = ScoreSpec.of(TestModels.get("map-regression").toString()).withBatchSize(64);
        VarianceScaler v = (VarianceScaler) SparkCalibration.fit(frame(sineCal).repartition(2), reg, "y",
                CalibrationMethod.VARIANCE, "sine test rows 0-249", dir.resolve("calibrated-regression"));
        try (CalibratedPosterior single = CalibratedPosterior.fit(Posteriors.load(TestModels.get("map-regression")),
                sineCal, CalibrationMethod.VARIANCE)) {
            double expected = ((VarianceScaler) single.calibrator()).scale();
            assertThat(v.scale()).isCloseTo(expected, within(1e-6 * expected));
        }
        assertThatThrownBy(() -> SparkCalibration.fit(frame(sineCal), reg, "y", CalibrationMethod.TEMPERATURE, "x",
                dir.resolve("wrong"))).hasMessage("calibration method temperature is for classification, the model does"
                        + " regression");
    }

    /** Features by name, then the target: {@code label} (class name) or {@code y}. */
    private static org.apache.spark.sql.Dataset<Row> frame(Dataset data) {
        StructType schema = new StructType();
        for (String f : data.featureNames()) {
            schema = schema.add(f, DataTypes.DoubleType, false);
        }
        boolean classes = !data.classNames().isEmpty();
        schema = schema.add(classes ? "label" : "y", classes ? DataTypes.StringType : DataTypes.DoubleType, false);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < data.rows(); i++) {
            float[] x = data.row(i);
            Object[] v = new Object[x.length + 1];
            for (int j = 0; j < x.length; j++) {
                v[j] = (double) x[j];
            }
            v[x.length] = classes ? data.classNames().get(data.labels()[i]) : (Object) (double) data.targets()[i];
            rows.add(RowFactory.create(v));
        }
        return spark.createDataFrame(rows, schema);
    }
}
