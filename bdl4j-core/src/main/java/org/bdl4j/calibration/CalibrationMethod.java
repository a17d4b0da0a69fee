package org.bdl4j.calibration;

import java.util.Objects;
import org.bdl4j.Predictive;
import org.bdl4j.data.Task;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;
import org.bdl4j.options.EnumNames;

/**
 * The post-hoc calibration methods by name, for the command line: {@code temperature} and
 * {@code vector} for classification, {@code variance} and {@code quantile} for regression.
 */
public enum CalibrationMethod {
    TEMPERATURE(Task.CLASSIFICATION),
    VECTOR(Task.CLASSIFICATION),
    VARIANCE(Task.REGRESSION),
    QUANTILE(Task.REGRESSION);

    private final Task task;

    CalibrationMethod(Task task) {
        this.task = task;
    }

    public Task task() {
        return task;
    }

    public String cliName() {
        return EnumNames.of(this);
    }

    /** The default for a task: temperature scaling for classification, variance scaling for regression. */
    public static CalibrationMethod defaultFor(Task task) {
        return task == Task.CLASSIFICATION ? TEMPERATURE : VARIANCE;
    }

    /** Parses a name (case-insensitive); the message names the value found. */
    public static CalibrationMethod parse(String text) {
        return EnumNames.parse(CalibrationMethod.class, text, "method");
    }

    /**
     * Fits this method to a base predictive on calibration rows and their true targets
     * ({@code calibration} must carry labels indexed like the predictive's classes, or regression
     * targets in the predictive's units).
     */
    public Calibrator fit(Predictive predictive, Dataset calibration) {
        Objects.requireNonNull(calibration, "calibration");
        if (calibration.task() != task) {
            throw new IllegalArgumentException("calibration method " + cliName() + " needs "
                    + task.cliName() + " targets, found " + (calibration.task() == null ? "none"
                            : calibration.task().cliName() + " ones"));
        }
        if (predictive.size() != calibration.rows()) {
            throw new IllegalArgumentException("the predictive has " + predictive.size()
                    + " rows, the calibration data " + calibration.rows());
        }
        return switch (this) {
            case TEMPERATURE -> TemperatureScaler.fit(logits(predictive), calibration.labels());
            case VECTOR -> VectorScaler.fit(logits(predictive), calibration.labels());
            case VARIANCE -> VarianceScaler.fit(predictive.asRegression(),
                    Floats.toDoubles(calibration.targets()));
            case QUANTILE -> QuantileRecalibrator.fit(predictive.asRegression(),
                    Floats.toDoubles(calibration.targets()));
        };
    }

    private static double[][] logits(Predictive p) {
        return Logits.fromProbabilities(p.asClassification().probabilities());
    }
}
