/**
 * Deep ensembles (Lakshminarayanan, Pritzel &amp; Blundell, "Simple and scalable predictive uncertainty
 * estimation using deep ensembles", NeurIPS 2017): M networks trained to their MAP from different
 * seeds (initialisation and data order), read as M equally weighted posterior samples. Classification
 * averages the members' softmax outputs; regression takes the moments of the Gaussian mixture, with
 * heteroscedastic members as in the paper; the paper's optional adversarial training (fast gradient
 * sign) is an option of the member trainer.
 *
 * <ul>
 *   <li>{@link org.bdl4j.ensemble.DeepEnsemble}: the posterior, its fit, save and load;
 *   <li>{@link org.bdl4j.ensemble.EnsembleOptions} and {@link org.bdl4j.ensemble.EnsembleTraining}: M and
 *       how members are trained, one after another or vectorised (MLP members stacked in one
 *       {@link org.bdl4j.nn.StackedMlp}, one batched forward and backward for all of them, each member on
 *       its own minibatch order), with the same starting point and minibatches either way;
 *   <li>{@link org.bdl4j.ensemble.EnsembleMember}: a member trained apart (a Spark task, another thread),
 *       joined with the others by {@link org.bdl4j.ensemble.DeepEnsemble#assemble} into the ensemble that
 *       sequential training gives;
 *   <li>{@link org.bdl4j.ensemble.EnsembleMethod}: the registry's {@code ensemble} method.
 * </ul>
 */
package org.bdl4j.ensemble;
