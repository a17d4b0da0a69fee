/**
 * SWAG, Stochastic Weight Averaging-Gaussian (Maddox, Izmailov, Garipov, Vetrov &amp; Wilson, "A simple
 * baseline for Bayesian uncertainty in deep learning", NeurIPS 2019): SGD with momentum continues from
 * the MAP weights on the same objective (constant or cyclical learning rate), and the first two moments
 * of its iterates, collected at snapshots, define a Gaussian posterior over the weights.
 *
 * <ul>
 *   <li>{@link org.bdl4j.swag.Swag}: the SGD phase and its settings, on a bdl4j network or on any
 *       {@link org.bdl4j.swag.Swag.Objective} ({@link org.bdl4j.swag.Swag#trajectory}, e.g. a user's
 *       TorchScript network); {@code SwagMoments} keeps the running mean, the diagonal variance and the
 *       last K deviations;
 *   <li>{@link org.bdl4j.swag.SwagGaussian}: the Gaussian of the snapshots over a flat weight vector, its
 *       seeded draws and its arrays in a model directory;
 *   <li>{@link org.bdl4j.swag.SwagPosterior}: N(θ̄, s·(diag σ² + DDᵀ/(K-1))) for the low-rank-plus-diagonal
 *       covariance or N(θ̄, s·diag σ²) for the diagonal one ({@link org.bdl4j.swag.SwagCovariance}), with
 *       the covariance scale s (default ½, the paper's); it predicts with seeded whole-network draws
 *       through {@link org.bdl4j.train.SampledWeightsPosterior};
 *   <li>{@link org.bdl4j.swag.SwagMethod}: the registry's {@code swag} method, the home of its option
 *       defaults and rules.
 * </ul>
 */
package org.bdl4j.swag;
