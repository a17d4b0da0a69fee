/**
 * Bayesian optimisation with any regression posterior as the surrogate: the {@link org.bdl4j.bo.BayesianOptimizer}
 * loop over a {@link org.bdl4j.bo.Box} with a Latin-hypercube start, expected improvement, a confidence bound
 * or Thompson sampling ({@link org.bdl4j.bo.BoAcquisition}), batches by the constant liar, a resumable
 * evaluation log, objectives in Java, as a {@link org.bdl4j.bo.TestFunction} or as an external command
 * ({@link org.bdl4j.bo.CommandObjective}).
 */
package org.bdl4j.bo;
