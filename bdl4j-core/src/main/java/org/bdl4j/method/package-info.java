/**
 * The method registry: one request in, one {@link org.bdl4j.Posterior} out, for every way of
 * approximating the posterior.
 *
 * <ul>
 *   <li>{@link org.bdl4j.method.PosteriorMethod}: the service interface of a method (name, summary,
 *       the likelihoods it supports, its option descriptors, whether it starts from a MAP, fit and
 *       load), found with {@link java.util.ServiceLoader}. Adding a method is one class implementing
 *       it and one line in {@code META-INF/services/org.bdl4j.method.PosteriorMethod}.
 *   <li>{@link org.bdl4j.method.FitRequest}: the immutable request (training and validation rows,
 *       likelihood, network spec, MAP trainer, standardisation, seed, the method's option values, an
 *       optional base posterior).
 *   <li>{@link org.bdl4j.method.Methods}: the registry (lookup by name or likelihood, option parsing)
 *       and the one {@code fit} entry point, which trains the MAP once for the post-hoc methods
 *       (Laplace, MC dropout, SWAG, VI, SGLD, HMC) when the request carries none.
 *   <li>{@link org.bdl4j.method.MapMethod}: the maximum a posteriori network, the point-mass posterior
 *       and the start of every post-hoc method.
 *   <li>{@link org.bdl4j.method.Posteriors}: loads any saved model, dispatching on its manifest's
 *       method to a registered method or another {@link org.bdl4j.io.PosteriorLoader}.
 *   <li>{@link org.bdl4j.method.RequestOptions}, {@link org.bdl4j.method.NoiseModel},
 *       {@link org.bdl4j.method.Standardization}: the descriptors of the request-level options (noise
 *       model, standardisation, validation fraction, seed).
 * </ul>
 *
 * No algorithm lives here; the methods are in their own packages.
 */
package org.bdl4j.method;
