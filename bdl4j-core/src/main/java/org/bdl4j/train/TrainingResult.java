package org.bdl4j.train;

import java.util.List;

/**
 * What a MAP training run did.
 *
 * @param epochs the per-epoch records, in order
 * @param bestEpoch the epoch whose weights were kept (the last, or the best validation NLL with early stopping)
 * @param stoppedEarly whether early stopping ended the run before the epoch budget
 * @param priorPrecision λ of the Gaussian prior N(0, 1/λ) on every parameter that the run's weight decay is the mode of
 * @param weightDecay the per-example coupled weight decay λ / N used in the updates
 * @param sigmaNoise the fitted observation noise σ (in the units the network saw), or NaN if not Gaussian
 */
public record TrainingResult(List<EpochRecord> epochs, int bestEpoch, boolean stoppedEarly, double priorPrecision,
        double weightDecay, double sigmaNoise) {

    /** Mean seconds per epoch of training steps. */
    public double secondsPerEpoch() {
        return epochs.stream().mapToDouble(EpochRecord::seconds).average().orElse(Double.NaN);
    }
}
