/**
 * The contract every method of bdl4j meets, so that metrics, calibration, conformal prediction, OOD
 * detection and the command line treat all methods alike.
 *
 * <ul>
 *   <li>{@link org.bdl4j.Posterior}: an approximation q(θ) of the posterior p(θ | D) ∝ p(D | θ) p(θ) over
 *       a network's weights, with the predictive it implies, p(y | x, D) ≈ ∫ p(y | x, θ) q(θ) dθ; it
 *       saves itself to a model directory and owns native memory until closed.
 *   <li>{@link org.bdl4j.Predictive}, sealed: {@link org.bdl4j.ClassificationPredictive} (mean class
 *       probabilities and the entropy split of Depeweg et al. 2018, total H[E_θ p] = aleatoric
 *       E_θ H[p] + epistemic, the mutual information I(y; θ)) and {@link org.bdl4j.RegressionPredictive}
 *       (a Gaussian whose total variance = aleatoric σ²_a + epistemic σ²_e by the law of total variance,
 *       optionally with the quantile level map of Kuleshov et al. 2018's recalibration). Results are
 *       plain Java arrays in the user's units.
 *   <li>{@link org.bdl4j.Likelihood}: the observation model p(y | f(x)), categorical, homoscedastic
 *       Gaussian, or heteroscedastic Gaussian (Nix &amp; Weigend 1994).
 *   <li>{@link org.bdl4j.ModelSchema}: the features, classes or target and the standardisation a model
 *       was fitted with.
 *   <li>{@link org.bdl4j.Provenance}: how a model came to be (time, software, data with its SHA-256,
 *       MAP training's settings, every option of the method), carried in every model file.
 * </ul>
 *
 * <p>Fitting any method goes through {@code org.bdl4j.method.Methods}; loading any saved model through
 * {@code org.bdl4j.method.Posteriors}.
 */
package org.bdl4j;
