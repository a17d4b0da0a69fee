/**
 * Laplace approximations of the posterior over a trained network's weights (MacKay 1992;
 * Ritter et al. 2018; Immer et al. 2021; Daxberger et al. 2021, "Laplace Redux"):
 *
 * <pre>
 *   q(θ) = N(θ*, Σ),   Σ⁻¹ = Σ_n J_nᵀ Λ_n J_n + λ I    (GGN; or the empirical Fisher)
 * </pre>
 *
 * around the MAP θ*, on a subset of the weights ({@link org.bdl4j.laplace.SubsetOfWeights}), with a
 * curvature structure ({@link org.bdl4j.laplace.HessianStructure}) and type
 * ({@link org.bdl4j.curvature.CurvatureType}) as independent axes (laplace-torch's design),
 * dispatched through an {@code EnumMap}. Predictions use the linearised network (GLM):
 * f(x, θ) ≈ f(x, θ*) + J(x)(θ - θ*), so f ~ N(f*, J Σ Jᵀ), pushed through the probit
 * approximation or Monte Carlo ({@link org.bdl4j.laplace.Link}). The prior precision can be chosen
 * by the Laplace estimate of the log marginal likelihood ({@link org.bdl4j.laplace.MarginalLikelihood}).
 */
package org.bdl4j.laplace;
