/**
 * Networks on DJL: their structure, construction, parameters and forward passes.
 *
 * <ul>
 *   <li>{@link org.bdl4j.nn.NetworkSpec}: the saved structure (an MLP, or a LeNet-style CNN after LeCun
 *       et al. 1998: {@link org.bdl4j.nn.Architecture}, {@link org.bdl4j.nn.ArchitectureChoice}), with
 *       {@link org.bdl4j.nn.Activation}, dropout rate and output width; {@link org.bdl4j.nn.NetworkOptions}
 *       holds its option descriptors;
 *   <li>{@link org.bdl4j.nn.Networks} builds a flat {@code SequentialBlock} from a spec, initialised as
 *       PyTorch does, so that curvature code can run its children one by one; {@link org.bdl4j.nn.Network}
 *       is a built network with the manager owning its parameters;
 *   <li>{@link org.bdl4j.nn.AlwaysOnDropout} and {@link org.bdl4j.nn.DropoutMode}: dropout kept on at
 *       prediction while every other layer stays in evaluation mode, for MC dropout (Gal &amp; Ghahramani
 *       2016);
 *   <li>{@link org.bdl4j.nn.FlatParameters}: the parameters as one flat vector θ, the order of every
 *       curvature, covariance and sample in bdl4j;
 *   <li>{@link org.bdl4j.nn.StackedMlp}: M MLPs of one spec in stacked tensors, one batched forward and
 *       backward for all, for vectorised ensembles and lockstep MCMC chains;
 *   <li>{@link org.bdl4j.nn.PredictiveMoments}: streams the outputs of S weight samples into the Monte Carlo
 *       predictive (mean probabilities and expected entropy, Depeweg et al. 2018; or the mixture's mean,
 *       aleatoric and epistemic variance); {@link org.bdl4j.nn.OutputHeads}: softmax and the regression
 *       heads' mean and variance;
 *   <li>helpers: {@link org.bdl4j.nn.Inputs} and {@link org.bdl4j.nn.NetworkOutputs} (rows to engine
 *       arrays and back, batch by batch), {@link org.bdl4j.nn.Scalars} (engine-owned scalars, against a
 *       DJL autograd bug), {@link org.bdl4j.nn.Seeds} (seeding of the engine and derived streams).
 * </ul>
 */
package org.bdl4j.nn;
