package org.bdl4j.calibration;

import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Task;

/** A calibrator of a Gaussian regression predictive N(μ, σ²): it rescales σ or remaps quantile levels. */
public sealed interface RegressionCalibrator extends Calibrator permits VarianceScaler, QuantileRecalibrator {

    /** The calibrated predictive of a regression predictive. */
    RegressionPredictive apply(RegressionPredictive base);

    @Override
    default Task task() {
        return Task.REGRESSION;
    }

    @Override
    default RegressionPredictive apply(Predictive base) {
        return apply(base.asRegression());
    }
}
