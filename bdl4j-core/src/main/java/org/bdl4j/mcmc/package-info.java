/**
 * Markov chain Monte Carlo over a network's weights, targeting exp(-U(θ)) with the negative log joint
 * U(θ) = Σ_n -log p(y_n | x_n, θ) + (λ/2)‖θ‖² (the MAP's Gaussian prior); the kept draws form an equally
 * weighted sample posterior ({@link org.bdl4j.mcmc.SampleEnsemblePosterior}).
 *
 * <ul>
 *   <li>{@link org.bdl4j.mcmc.Sgld}: stochastic gradient Langevin dynamics (Welling &amp; Teh, ICML 2011)
 *       on minibatch estimates of ∇U, with a constant step, or the cosine step schedule of cyclical
 *       SG-MCMC (Zhang, Li, Zhang, Chen &amp; Wilson, ICLR 2020) with exploration and sampling phases;
 *       started from the MAP;
 *   <li>{@link org.bdl4j.mcmc.Hmc}: full-batch Hamiltonian Monte Carlo (Neal 2011) with leapfrog steps,
 *       step size adapted during warm-up by dual averaging (Hoffman &amp; Gelman 2014) and jittered,
 *       several chains from the MAP or from overdispersed prior draws, advanced in lockstep (MLP chains
 *       share one batched forward and backward through {@link org.bdl4j.nn.StackedMlp}): the reference
 *       posterior for small networks;
 *   <li>{@link org.bdl4j.mcmc.ChainDiagnostics}: split R̂ and the effective sample size (Gelman et al.,
 *       Bayesian Data Analysis, 3rd ed.; Vehtari et al. 2021 without rank normalisation; Geyer's initial
 *       positive sequence), reported on predictions at fixed inputs and on the log posterior, since
 *       network weights are not identifiable (Izmailov et al. 2021);
 *   <li>{@link org.bdl4j.mcmc.SgldMethod} and {@link org.bdl4j.mcmc.HmcMethod}: the registry's
 *       {@code sgld} and {@code hmc} methods, the homes of their option defaults and rules.
 * </ul>
 */
package org.bdl4j.mcmc;
