package org.bdl4j.train;

/**
 * One epoch of MAP training.
 *
 * @param epoch 1-based epoch number
 * @param trainNll the mean per-example NLL over the epoch's minibatches (dropout active)
 * @param validationNll the mean per-example NLL on the validation set after the epoch, or NaN
 * @param seconds the wall-clock seconds of the epoch's training steps (validation excluded)
 */
public record EpochRecord(int epoch, double trainNll, double validationNll, double seconds) {}
