/**
 * Curvature of a network's summed negative log-likelihood at the MAP, for Laplace approximations
 * (Daxberger et al. 2021, "Laplace Redux"; Martens &amp; Grosse 2015; Grosse &amp; Martens 2016;
 * Ritter et al. 2018; Immer et al. 2021).
 *
 * <p>DJL has no module hooks, so {@link org.bdl4j.curvature.LayerTaps} runs the network's
 * {@code SequentialBlock} children one by one, keeps each Linear or Conv2d layer's input a and adds a
 * zero probe leaf to its output; back-propagating K output cotangents then gives g = ∂(vᵀf)/∂(layer
 * output) per sample. The cotangents are the strategy that fixes the curvature type
 * ({@link org.bdl4j.curvature.CurvatureType}, {@link org.bdl4j.curvature.OutputCotangents}): the
 * columns of the loss Hessian's square root give the exact generalised Gauss-Newton
 * GGN = Σ_n J_nᵀ Λ_n J_n, the NLL gradient at labels sampled from the model its Monte Carlo estimate
 * (the MC Fisher), the NLL gradient at the true labels the empirical Fisher. For the last layer alone
 * nothing is back-propagated and the GGN needs only the per-sample loss Hessians Λ_b
 * ({@link org.bdl4j.curvature.OutputHessian}). Each layer ({@link org.bdl4j.curvature.AffineLayer})
 * has per-sample Jacobian rows vec M with M = Σ_t g_t ã_tᵀ over its output positions t and
 * ã = (a, 1) (a Linear layer: one position, M = g ãᵀ; a convolution: ã_t the patch under the kernel):
 * the structures {@link org.bdl4j.curvature.FullCurvature}, {@link org.bdl4j.curvature.DiagCurvature}
 * and {@link org.bdl4j.curvature.KronCurvature} are sums of their outer products, kept whole, by
 * diagonal, or as Kronecker factors (for convolutions the KFC expand approximation).
 *
 * <p>For a subnetwork (Daxberger et al. 2021, "Bayesian deep learning via subnetwork inference";
 * {@link org.bdl4j.curvature.Subnetwork}, S chosen parameters of the Linear layers),
 * {@link org.bdl4j.curvature.SubnetworkCurvature} forms only the S chosen Jacobian columns and sums
 * the full S x S curvature, never the P-wide Jacobian. {@link org.bdl4j.curvature.CurvatureSweep} runs
 * one pass over the training set, feeding the {@link org.bdl4j.curvature.CurvatureAccumulator}s and
 * returning log p(D | θ); {@link org.bdl4j.curvature.FisherSamples} seeds the Monte Carlo Fisher's
 * sampled labels.
 */
package org.bdl4j.curvature;
