/**
 * Metrics of predictive distributions, on plain arrays or on a {@link org.bdl4j.Predictive}.
 *
 * <ul>
 *   <li>{@link org.bdl4j.metrics.ClassificationMetrics}: accuracy, NLL, the Brier score (Brier 1950),
 *       expected and maximum calibration error with equal-width bins and reliability diagrams
 *       ({@link org.bdl4j.metrics.ReliabilityBin}; Naeini, Cooper &amp; Hauskrecht, AAAI 2015; Guo et al.,
 *       ICML 2017), and adaptive (equal-mass) ECE (Nixon et al. 2019);
 *   <li>{@link org.bdl4j.metrics.RegressionMetrics}: RMSE, Gaussian NLL, the closed-form CRPS of a
 *       Gaussian (Gneiting &amp; Raftery, JASA 2007), interval coverage (PICP) and mean width;
 *   <li>{@link org.bdl4j.metrics.RankingMetrics}: AUROC (Hanley &amp; McNeil 1982), AUPR and the FPR at 95%
 *       TPR, with tied scores grouped, for OOD and misclassification detection;
 *       {@link org.bdl4j.ood.OodScore}: the OOD scores 1 - max p (Hendrycks &amp; Gimpel 2017),
 *       predictive entropy and mutual information;
 *   <li>{@link org.bdl4j.metrics.SelectiveMetrics}: risk-coverage curves and their area (AURC; Geifman
 *       &amp; El-Yaniv, NeurIPS 2017), {@link org.bdl4j.metrics.RiskCoverageCurve};
 *   <li>{@link org.bdl4j.metrics.ClassificationReport}, {@link org.bdl4j.metrics.RegressionReport} and
 *       {@link org.bdl4j.metrics.PredictiveReports}: the metric sets the command line and the benchmarks
 *       print, in their JSON key order;
 *   <li>{@link org.bdl4j.metrics.PredictiveValidity}: whether a predictive is a valid distribution
 *       (probabilities in [0, 1] summing to 1 within 1e-9, finite means, finite variances ≥ 0).
 * </ul>
 */
package org.bdl4j.metrics;
