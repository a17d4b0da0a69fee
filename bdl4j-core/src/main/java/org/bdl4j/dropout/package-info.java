/**
 * Monte Carlo dropout (Gal &amp; Ghahramani, "Dropout as a Bayesian approximation", ICML 2016): a network
 * trained with dropout is read as an approximate variational posterior, and the predictive is the
 * average of T stochastic forward passes with dropout kept on (every other layer in evaluation mode).
 *
 * <ul>
 *   <li>{@link org.bdl4j.dropout.McDropout}: the posterior, built on a MAP network; classification gives
 *       the entropy / mutual-information split, regression the moments of the mixture of the T
 *       Gaussians (aleatoric = mean of their variances, epistemic = variance of their means);
 *   <li>{@link org.bdl4j.dropout.McDropoutOptions}: T, an optional prediction-time rate, and the
 *       {@link org.bdl4j.dropout.SamplingMode}: a loop of T full passes, or batched passes in which the
 *       layers before the first dropout run once, with masks per row or (the default) one mask per pass,
 *       all drawing from the same predictive;
 *   <li>{@link org.bdl4j.dropout.McDropoutMethod}: the registry's {@code mc-dropout} method.
 * </ul>
 *
 * Passes are seeded, so the same posterior and inputs give identical predictions.
 */
package org.bdl4j.dropout;
