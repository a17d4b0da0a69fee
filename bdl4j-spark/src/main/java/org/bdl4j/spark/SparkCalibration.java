package org.bdl4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bdl4j.Posterior;
import org.bdl4j.calibration.CalibratedPosterior;
import org.bdl4j.calibration.CalibrationMethod;
import org.bdl4j.calibration.Calibrator;
import org.bdl4j.data.DataProvenance;
import org.bdl4j.data.Task;
import org.bdl4j.io.Provenances;
import org.bdl4j.method.Posteriors;

/**
 * Post-hoc calibration of a model on a distributed table: temperature or vector scaling for
 * classification (Guo et al. 2017: the T minimising the calibration rows' NLL of softmax(log p / T)),
 * variance scaling or quantile recalibration for regression. The executors score the calibration rows,
 * the driver collects the predictives ({@link CollectedPredictive}), fits the calibrator as
 * {@code bdl4j calibrate} does and writes the calibrated model (the base model inside it), which
 * {@link BdlSpark#score} and {@code bdl4j predict} then apply.
 */
public final class SparkCalibration {
    private SparkCalibration() {}

    /**
     * Fits {@code method} for the model of {@code spec} on the labelled rows of {@code calibration} and
     * writes the calibrated model to {@code out} (which must not exist).
     *
     * @param source how the model's provenance names the calibration rows
     * @return the fitted calibrator
     */
    public static Calibrator fit(Dataset<Row> calibration, ScoreSpec spec, String target, CalibrationMethod method,
            String source, Path out) {
        if (Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " exists; choose another directory");
        }
        Posterior cached = ModelCache.get(spec.model());
        if (method.task() != cached.schema().task()) {
            throw new IllegalArgumentException("calibration method " + method.cliName() + " is for "
                    + method.task().cliName() + ", the model does " + cached.schema().task().cliName());
        }
        Calibrator calibrator;
        int rows;
        if (method.task() == Task.CLASSIFICATION) {
            CollectedPredictive.Classes c = CollectedPredictive.classes(calibration, spec, target);
            calibrator = method.fitToLabels(c.predictive(), c.labels());
            rows = c.labels().length;
        } else {
            CollectedPredictive.Targets t = CollectedPredictive.targets(calibration, spec, target);
            calibrator = method.fitToTargets(t.predictive(), t.targets());
            rows = t.targets().length;
        }
        Posterior base = Posteriors.load(ModelCache.localDirectory(spec.model()));
        DataProvenance data = new DataProvenance(source, null, rows, base.schema().featureNames(),
                target != null ? target : base.schema().targetName());
        try (CalibratedPosterior calibrated = new CalibratedPosterior(base, calibrator, Provenances.now(data,
                base.provenance().training(), Map.of("calibration", method.cliName()), base.provenance())
                .withWarnings(calibrator.warnings()))) {
            calibrated.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return calibrator;
    }
}
