package org.bdl4j.vi;

/** Progress callbacks of {@link Vi#fit}; every method has an empty default. */
public interface ViListener {
    /** Before the first epoch, with the number of epochs and of minibatches per epoch. */
    default void onStart(int epochs, int batchesPerEpoch) {}

    /** After each minibatch step, with the batch's mean NLL (per example, at the step's weight draw). */
    default void onBatch(int epoch, int batch, double meanNll) {}

    /** After each epoch, with its expected NLL and KL. */
    default void onEpoch(ViEpochRecord record) {}

    /** After the last epoch. */
    default void onEnd() {}
}
