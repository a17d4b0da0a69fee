/**
 * Active learning: the {@link org.bdl4j.active.Acquisition}s (random, entropy, BALD, variation ratio, mean
 * standard deviation, margin, BatchBALD, PowerBALD; predictive and epistemic variance for regression), the
 * {@link org.bdl4j.active.Acquirer} that returns the pool rows to label next for any posterior, and the
 * pool-based {@link org.bdl4j.active.ActiveLearningLoop} that refits any method of the registry.
 */
package org.bdl4j.active;
