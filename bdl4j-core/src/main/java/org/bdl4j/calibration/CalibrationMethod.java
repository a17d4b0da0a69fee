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
        return task == Task.CLASSIFICATION ? fitToLabels(predictive, calibration.labels())
                : fitToTargets(predictive, Floats.toDoubles(calibration.targets()));
    }

    /** Fits this classification method to a predictive and the true class indices of its rows. */
    public Calibrator fitToLabels(Predictive predictive, int[] labels) {
        checkRows(predictive, labels.length, Task.CLASSIFICATION);
        return this == TEMPERATURE ? TemperatureScaler.fit(logits(predictive), labels)
                : VectorScaler.fit(logits(predictive), labels);
    }

    /** Fits this regression method to a predictive and the true targets of its rows (its units). */
    public Calibrator fitToTargets(Predictive predictive, double[] targets) {
        checkRows(predictive, targets.length, Task.REGRESSION);
        return this == VARIANCE ? VarianceScaler.fit(predictive.asRegression(), targets)
                : QuantileRecalibrator.fit(predictive.asRegression(), targets);
    }

    private void checkRows(Predictive predictive, int rows, Task needed) {
        if (task != needed) {
            throw new IllegalArgumentException("calibration method " + cliName() + " is for " + task.cliName()
                    + ", the rows are " + needed.cliName() + " rows");
        }
        if (predictive.size() != rows) {
            throw new IllegalArgumentException("the predictive has " + predictive.size() + " rows, the targets "
                    + rows);
        }
    }

    private static double[][] logits(Predictive p) {
        return Logits.fromProbabilities(p.asClassification().probabilities());
    }
}
