/**
 * Continual learning: one network learns a sequence of tasks ({@link org.bdl4j.continual.TaskSequence}:
 * permuted features, or split classes with a head per task or one over every class), and a
 * {@link org.bdl4j.continual.Consolidation} keeps what each task taught as a quadratic penalty on the
 * weights, the Laplace approximation of the posterior so far: EWC and online EWC with the diagonal
 * Fisher ({@link org.bdl4j.continual.DiagonalConsolidation}), the Kronecker-factored online Laplace
 * prior ({@link org.bdl4j.continual.KroneckerConsolidation}). The
 * {@link org.bdl4j.continual.ContinualLearner} records the {@link org.bdl4j.continual.AccuracyMatrix}.
 */
package org.bdl4j.continual;
