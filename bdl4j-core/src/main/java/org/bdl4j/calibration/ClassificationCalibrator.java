package org.bdl4j.calibration;

import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Predictive;
import org.bdl4j.data.Task;

/**
 * A calibrator of class probabilities through their logits: p_cal = softmax(t(z)) with z = log p̄
 * ({@link Logits#fromProbabilities}) and t the fitted map.
 *
 * <p><b>Uncertainty decomposition after calibration.</b> Calibration is fitted on, and changes, the
 * predictive mean only; per-sample probabilities have no calibrated counterpart and are dropped. The
 * calibrated predictive keeps the base's epistemic part: its mutual information is the base's
 * I(y; θ), capped by the calibrated total entropy, so aleatoric = max(0, H[p_cal] - I_base). For a
 * point estimate (I = 0) all calibrated uncertainty is aleatoric, as before calibration.
 */
public sealed interface ClassificationCalibrator extends Calibrator permits TemperatureScaler, VectorScaler {

    /** t(z): the calibrated logits of n x C logits. */
    double[][] transformLogits(double[][] logits);

    /** softmax(t(z)): calibrated probabilities from logits. */
    default double[][] probabilities(double[][] logits) {
        Logits.check(logits);
        return Logits.softmax(transformLogits(logits));
    }

    @Override
    default Task task() {
        return Task.CLASSIFICATION;
    }

    @Override
    default ClassificationPredictive apply(Predictive base) {
        ClassificationPredictive p = base.asClassification();
        double[][] cal = probabilities(Logits.fromProbabilities(p.probabilities()));
        double[] mi = p.mutualInformation();
        double[] aleatoric = new double[cal.length];
        for (int i = 0; i < cal.length; i++) {
            aleatoric[i] = Math.max(0, ClassificationPredictive.entropy(cal[i]) - mi[i]);
        }
        // the votes of the samples are untouched by a map of the mean: their variation ratio stays
        return ClassificationPredictive.of(cal, aleatoric, p.variationRatio().orElse(null), p.classNames());
    }
}
