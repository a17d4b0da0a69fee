package org.bdl4j.calibration;

import com.google.gson.JsonObject;
import org.bdl4j.Predictive;
import org.bdl4j.data.Task;

/**
 * A fitted post-hoc map from a base predictive to a calibrated one. Classification calibrators
 * ({@link ClassificationCalibrator}) rescale the logits log p̄; regression calibrators
 * ({@link RegressionCalibrator}) rescale the predictive standard deviation or remap its quantile
 * levels. A calibrator is a small value: its parameters are its JSON form.
 */
public sealed interface Calibrator permits ClassificationCalibrator, RegressionCalibrator {

    /** The method's name in manifests, e.g. {@code temperature}. */
    String name();

    /** The task it calibrates. */
    Task task();

    /** The calibrated predictive of {@code base} (a predictive of this calibrator's task). */
    Predictive apply(Predictive base);

    /** Why the fit may not be what it seems (e.g. a parameter no data could identify); empty when none. */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }

    /** The parameters, with {@code "name"}; {@link #fromJson} reads them back exactly. */
    JsonObject toJson();

    /**
     * Reads a calibrator written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming the unknown method or the invalid parameter
     */
    static Calibrator fromJson(JsonObject o) {
        String name = o.get("name").getAsString();
        return switch (name) {
            case TemperatureScaler.NAME -> TemperatureScaler.fromJson(o);
            case VectorScaler.NAME -> VectorScaler.fromJson(o);
            case VarianceScaler.NAME -> VarianceScaler.fromJson(o);
            case QuantileRecalibrator.NAME -> QuantileRecalibrator.fromJson(o);
            default -> throw new IllegalArgumentException("calibrator must be temperature, vector, variance or quantile,"
                    + " found '" + name + "'");
        };
    }
}
