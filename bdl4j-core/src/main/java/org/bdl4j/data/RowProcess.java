package org.bdl4j.data;

import java.util.SplittableRandom;

/**
 * A generating process of {@link GeneratedSets}: its structure (means, weights, ...) is fixed when it is
 * made, and each call draws fresh rows from it with the generator it is given.
 */
interface RowProcess {

    /** {@code n} training rows. */
    Dataset train(int n, SplittableRandom rng);

    /** {@code n} test rows: the training distribution unless the process has a {@link #gap()}. */
    default Dataset test(int n, SplittableRandom rng) {
        return train(n, rng);
    }

    /** The input interval without training rows (1-D only), or null. */
    default ToyData.Interval gap() {
        return null;
    }
}
