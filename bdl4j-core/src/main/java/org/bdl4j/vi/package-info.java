/**
 * Mean-field Gaussian variational inference for MLPs and small CNNs: Bayes by Backprop (Blundell,
 * Cornebise, Kavukcuoglu &amp; Wierstra, "Weight uncertainty in neural networks", ICML 2015), with
 * q(θ) = N(μ, diag σ²), σ = softplus(ρ), fitted by minimising the minibatch negative ELBO
 * Σ_n E_q[-log p(y_n | x_n, θ)] + β KL(q ‖ p) (per-example scale, as MAP training).
 *
 * <ul>
 *   <li>{@link org.bdl4j.vi.Vi}: the fit, started from a MAP network as {@link org.bdl4j.vi.ViInit} says
 *       (the MAP weights with a fixed σ₀; MOPED, Krishnan, Subedar &amp; Tickoo, AAAI 2020, with
 *       σ = δ·|w_MAP|; or random means), with a linear KL warm-up ({@link org.bdl4j.vi.KlSchedule};
 *       Bowman et al. 2016, Sønderby et al. 2016) and per-epoch NLL and KL reported
 *       ({@link org.bdl4j.vi.ViEpochRecord}, {@link org.bdl4j.vi.ViListener});
 *   <li>{@link org.bdl4j.vi.Estimator}: how a layer's output is sampled, by the reparameterisation trick
 *       (Kingma &amp; Welling 2014), the local reparameterisation trick (Kingma, Salimans &amp; Welling,
 *       NeurIPS 2015) or Flipout (Wen, Vicol, Ba, Tran &amp; Grosse, ICLR 2018); every estimator works
 *       with every mean-field layer type (Linear, Conv2d);
 *   <li>{@link org.bdl4j.vi.Prior}: the Gaussian N(0, 1/λ) of MAP training's weight decay with its
 *       closed-form KL ({@link org.bdl4j.vi.GaussianPrior}, {@link org.bdl4j.vi.GaussianKl}), or Bayes by
 *       Backprop's scale mixture of two Gaussians with a one-sample Monte Carlo KL
 *       ({@link org.bdl4j.vi.ScaleMixturePrior}); {@link org.bdl4j.vi.PriorKind} names them;
 *   <li>{@link org.bdl4j.vi.ViPosterior}: the fitted q, predicting with seeded whole-network draws
 *       through {@link org.bdl4j.train.SampledWeightsPosterior};
 *   <li>{@link org.bdl4j.vi.ViMethod}: the registry's {@code vi} method, the home of its option defaults
 *       and rules.
 * </ul>
 *
 * Inside: {@code BayesianNetwork} replaces each Linear and Conv2d layer of the network by a mean-field
 * layer ({@code MeanFieldLinear}, {@code MeanFieldConv2d}) and {@code NegativeElbo} is the minibatch
 * objective.
 */
package org.bdl4j.vi;
