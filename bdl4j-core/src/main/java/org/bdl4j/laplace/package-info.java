/**
 * Laplace approximations of the posterior over a trained network's weights (MacKay 1992;
 * Ritter et al. 2018; Immer et al. 2021; Daxberger et al. 2021, "Laplace Redux"):
 *
 * <pre>
 *   q(θ) = N(θ*, Σ),   Σ⁻¹ = Σ_n J_nᵀ Λ_n J_n + λ I    (GGN; or the Monte Carlo or empirical Fisher)
 * </pre>
 *
 * around the MAP θ*, on a subset of the weights ({@link org.bdl4j.laplace.SubsetOfWeights}), with a
 * curvature structure ({@link org.bdl4j.laplace.HessianStructure}: full, diagonal, or KFAC after
 * Ritter et al. 2018) and type ({@link org.bdl4j.curvature.CurvatureType}) as independent axes
 * (laplace-torch's design), dispatched through an {@code EnumMap}. Predictions use the linearised
 * network (GLM): f(x, θ) ≈ f(x, θ*) + J(x)(θ - θ*), so f ~ N(f*, J Σ Jᵀ), pushed through the probit
 * approximation (MacKay 1992), the Laplace bridge to a Dirichlet (Hobbhahn, Kristiadi &amp; Hennig
 * 2022) or Monte Carlo ({@link org.bdl4j.laplace.Link}), or the network is evaluated at weight draws
 * ({@link org.bdl4j.laplace.PredictionType}).
 *
 * <p>Instead of whole layers the weights can be a subnetwork (Daxberger et al. 2021, "Bayesian deep
 * learning via subnetwork inference"): a full-covariance Laplace over S chosen parameters, given by
 * index or the S of largest marginal variance under a diagonal Laplace
 * ({@link org.bdl4j.laplace.SubnetworkSelection}), its curvature built from the chosen Jacobian
 * columns only ({@link org.bdl4j.curvature.SubnetworkCurvature}).
 *
 * <p>The prior N(0, diag(λ)⁻¹) has one λ for every weight or one λ_l per tapped layer, chosen
 * ({@link org.bdl4j.laplace.PriorPrecision}) as a fixed value, by the Laplace estimate of the log
 * marginal likelihood ({@link org.bdl4j.laplace.MarginalLikelihood}: a 1-D search for the scalar,
 * projected BFGS on log λ_l with the exact gradient ½(P_l - λ_l‖θ*_l‖² - λ_l tr_l Σ) per layer), or by
 * the NLL of the posterior's predictive on a validation table over a log-uniform grid. Posteriors keep
 * their curvature rounded to float32, as saved, so that a saved and loaded posterior predicts
 * bit-identically.
 *
 * <p>{@link org.bdl4j.laplace.Laplace} is the builder of the Java API and
 * {@link org.bdl4j.laplace.LaplaceMethod} the registry's {@code laplace} method, whose choices are named
 * by {@link org.bdl4j.laplace.LaplaceSubset} and {@link org.bdl4j.laplace.PriorSearch} (a subnetwork
 * mask is read by {@link org.bdl4j.laplace.SubnetworkMaskFile}). Inside, a
 * {@link org.bdl4j.laplace.LaplacePosterior} holds λ, σ and its accessors; the jobs are
 * parts of their own: the weights (a sealed strategy, last layer, all layers or subnetwork:
 * {@code LaplaceWeights}), the fit ({@code LaplaceFit}), the evidence and the searches over λ and σ
 * ({@code LaplaceEvidence}), the predictive ({@code LaplacePredictive}) and the saved form
 * ({@code LaplaceCodec}); each {@link org.bdl4j.laplace.Link} and
 * {@link org.bdl4j.laplace.PriorPrecision} carries its own rule.
 */
package org.bdl4j.laplace;
