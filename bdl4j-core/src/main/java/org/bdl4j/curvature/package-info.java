/**
 * Curvature of a network's summed negative log-likelihood at the MAP, for Laplace approximations
 * (Daxberger et al. 2021, "Laplace Redux"; Martens &amp; Grosse 2015; Ritter et al. 2018;
 * Immer et al. 2021).
 *
 * <p>DJL has no module hooks, so {@link org.bdl4j.curvature.LayerTaps} runs the network's
 * {@code SequentialBlock} children one by one, keeps each Linear layer's input a and adds a zero
 * probe leaf to its output; back-propagating K output cotangents then gives g = ∂(vᵀf)/∂(layer
 * output) per sample. With the columns of the loss Hessian's square root as cotangents this gives
 * the exact generalised Gauss-Newton GGN = Σ_n J_nᵀ Λ_n J_n, with the gradient of the NLL the
 * empirical Fisher. For the last layer alone nothing is back-propagated and the GGN needs only the
 * per-sample loss Hessians Λ_b ({@link org.bdl4j.curvature.OutputHessian}). Each Linear layer's
 * per-sample Jacobian rows are vec(g ãᵀ) with
 * ã = (a, 1): the structures {@link org.bdl4j.curvature.FullCurvature},
 * {@link org.bdl4j.curvature.DiagCurvature} and {@link org.bdl4j.curvature.KronCurvature} are
 * sums of those outer products, kept whole, by diagonal, or as Kronecker factors.
 */
package org.bdl4j.curvature;
