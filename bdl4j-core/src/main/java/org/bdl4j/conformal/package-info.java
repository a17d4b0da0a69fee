/**
 * Split (inductive) conformal prediction (Papadopoulos et al. 2002; Vovk, Gammerman &amp; Shafer 2005;
 * Lei et al., JASA 2018) on any posterior's predictive or on plain arrays: a threshold calibrated on
 * held-out rows gives prediction sets or intervals with coverage at least 1 - α under exchangeability.
 *
 * <ul>
 *   <li>{@link org.bdl4j.conformal.SplitConformalClassifier} with a
 *       {@link org.bdl4j.conformal.ClassificationScore}: LAC (Sadinle, Lei &amp; Wasserman, JASA 2019),
 *       APS (Romano, Sesia &amp; Candès, NeurIPS 2020) and RAPS (Angelopoulos, Bates, Malik &amp; Jordan,
 *       ICLR 2021), the adaptive scores optionally randomised; marginal or class-conditional (Mondrian)
 *       coverage ({@link org.bdl4j.conformal.Conditioning}); results as
 *       {@link org.bdl4j.conformal.PredictionSets};
 *   <li>{@link org.bdl4j.conformal.SplitConformalRegressor} with a
 *       {@link org.bdl4j.conformal.RegressionScore}: absolute residuals, residuals normalised by the
 *       predictive standard deviation, or CQR on the posterior's own predictive quantiles (Romano,
 *       Patterson &amp; Candès, "Conformalized quantile regression", NeurIPS 2019);
 *   <li>{@link org.bdl4j.conformal.ConformalQuantile}: the finite-sample quantile, the ⌈(n+1)(1-α)⌉-th
 *       smallest score, +∞ with too few calibration points;
 *   <li>{@link org.bdl4j.conformal.ConformalMetrics}: coverage, mean set size or interval width, and
 *       coverage by set size and by class; {@link org.bdl4j.conformal.ConformalOptions}: the option
 *       descriptors (α, RAPS's k_reg and λ).
 * </ul>
 *
 * Scores are separate from the predictors that calibrate them (as in TorchCP), so that any score of a
 * task works with that task's predictor.
 */
package org.bdl4j.conformal;
