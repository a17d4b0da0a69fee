/**
 * Uncertainty for a network trained elsewhere: a TorchScript or ONNX file (or a DJL
 * {@link ai.djl.nn.Block}) is frozen and used as a feature extractor φ(x), and any method of the
 * registry is fitted to its last layer, f(x) = W φ(x) + b, starting from the user's own W and b
 * ({@link org.bdl4j.usermodel.UserModelFit}). Besides: MC dropout with the network's own dropout
 * ({@link org.bdl4j.usermodel.UserModelMcDropout}), the ensemble of several of the user's networks
 * ({@link org.bdl4j.usermodel.UserModelEnsemble}) and, for a TorchScript file, posteriors over all of its
 * weights: the diagonal Laplace ({@link org.bdl4j.usermodel.UserModelDiagLaplace}) and SWAG by fine-tuning
 * the whole network ({@link org.bdl4j.usermodel.UserModelSwag}), whose weight draws are set into the
 * module in place and the user's weights set back after.
 *
 * <p>Because the last layer is linear in its weights, its Jacobian is analytic and no gradient flows
 * through the user's graph: last-layer Laplace (Daxberger et al. 2021, "Laplace Redux"), VI, SWAG,
 * SGLD, HMC and ensembles of heads all work on a model of any structure. The features are computed
 * once, in batches.
 */
package org.bdl4j.usermodel;
