/**
 * MAP training, and the pieces the weight-space methods share.
 *
 * <ul>
 *   <li>{@link org.bdl4j.train.MapTrainer}: minimises the negative log joint Σ_n -log p(y_n | x_n, θ) +
 *       (λ/2)‖θ‖², i.e. the NLL under a Gaussian prior N(0, 1/λ) on every parameter, whose minibatch form
 *       is coupled weight decay λ/N; Adam (Kingma &amp; Ba 2015, {@link org.bdl4j.train.FlushingAdam}, which
 *       flushes denormals) or SGD with momentum ({@link org.bdl4j.train.OptimizerKind}); seeded epoch
 *       orders ({@link org.bdl4j.train.EpochOrder}), early stopping on validation NLL, the Gaussian noise
 *       σ learnt by maximum likelihood, and optional adversarial training by the fast gradient sign method
 *       (Goodfellow, Shlens &amp; Szegedy 2015, {@link org.bdl4j.train.FastGradientSign}) as in deep
 *       ensembles. Options as descriptors in {@link org.bdl4j.train.TrainingOptions}; results in
 *       {@link org.bdl4j.train.TrainingResult} and {@link org.bdl4j.train.EpochRecord}, progress through
 *       {@link org.bdl4j.train.TrainingListener};
 *   <li>{@link org.bdl4j.train.MapPosterior}: the trained network as the point-mass posterior δ(θ - θ_MAP)
 *       (all uncertainty aleatoric) and the start of the post-hoc methods;
 *   <li>{@link org.bdl4j.train.Losses}: the differentiable mean NLL of each likelihood (categorical,
 *       Gaussian, heteroscedastic Gaussian); {@link org.bdl4j.train.NllGradient}: the summed NLL and its
 *       gradient in the flat parameter vector, for the samplers and SWAG;
 *   <li>{@link org.bdl4j.train.SampledWeightsPosterior} and {@link org.bdl4j.train.SampledPredictive}: the
 *       posterior shared by SWAG, VI, SGLD and HMC, which predicts with S whole-network weight vectors
 *       (the mixture's moments, total = aleatoric + epistemic) and saves its common part once.
 * </ul>
 */
package org.bdl4j.train;
