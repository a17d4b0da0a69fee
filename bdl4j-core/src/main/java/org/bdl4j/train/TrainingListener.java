package org.bdl4j.train;

/** Progress callbacks of {@link MapTrainer}; every method has an empty default. */
public interface TrainingListener {
    /** Before the first epoch, with the number of epochs and of batches per epoch. */
    default void onStart(int epochs, int batchesPerEpoch) {}

    /** After each minibatch step, with the batch's mean NLL. */
    default void onBatch(int epoch, int batch, double meanNll) {}

    /** After each epoch. */
    default void onEpoch(EpochRecord record) {}

    /** After training ends (normally or by early stopping). */
    default void onEnd(TrainingResult result) {}
}
