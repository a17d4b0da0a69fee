/**
 * Post-hoc calibration of any posterior's predictive on held-out labelled rows. A
 * {@link org.bdl4j.calibration.Calibrator} is a small fitted map from a base predictive to a calibrated
 * one:
 *
 * <ul>
 *   <li>classification, on the logits z = log p̄ ({@link org.bdl4j.calibration.Logits}):
 *       {@link org.bdl4j.calibration.TemperatureScaler}, temperature scaling (Guo, Pleiss, Sun &amp;
 *       Weinberger, "On calibration of modern neural networks", ICML 2017), T fitted by the validation
 *       NLL with a safeguarded Newton method on 1/T; {@link org.bdl4j.calibration.VectorScaler}, vector
 *       scaling (a per-class affine map of the logits, from the same paper), fitted by Newton's method. The
 *       calibrated predictive keeps the base's mutual information as its epistemic part;
 *   <li>regression: {@link org.bdl4j.calibration.VarianceScaler}, σ scaling of the predictive standard
 *       deviation (Laves et al., MIDL 2020), in closed form;
 *       {@link org.bdl4j.calibration.QuantileRecalibrator}, quantile recalibration (Kuleshov, Fenner
 *       &amp; Ermon, ICML 2018), an isotonic map of the probability integral transform by
 *       pool-adjacent-violators ({@link org.bdl4j.calibration.IsotonicRegression}; Ayer et al. 1955).
 * </ul>
 *
 * {@link org.bdl4j.calibration.CalibrationMethod} names them for the command line;
 * {@link org.bdl4j.calibration.CalibratedPosterior} is a base posterior followed by its calibrator, saved
 * as method {@code calibrated} with the base in a sub-directory and read back by
 * {@link org.bdl4j.calibration.CalibratedPosteriorLoader} (a {@link org.bdl4j.io.PosteriorLoader}
 * service).
 */
package org.bdl4j.calibration;
