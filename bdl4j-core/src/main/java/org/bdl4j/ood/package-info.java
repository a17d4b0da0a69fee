/**
 * Out-of-distribution detection and refusal: the {@link org.bdl4j.ood.OodScore}s (higher = more likely
 * OOD) computed by {@link org.bdl4j.ood.OodScorer} for any posterior, their
 * {@link org.bdl4j.ood.OodEvaluation} (AUROC, AUPR-in, AUPR-out, FPR at 95% TPR with bootstrap
 * intervals), and the {@link org.bdl4j.ood.RejectionRule} that refuses rows above a threshold fitted on
 * in-distribution validation rows with a conformal acceptance guarantee.
 */
package org.bdl4j.ood;
