package org.bdl4j.train;

import org.bdl4j.data.Splits;

import java.util.SplittableRandom;

/**
 * The order in which an epoch visits the training rows: a Fisher–Yates reshuffle of the previous
 * epoch's order by a {@link SplittableRandom} seeded once, so that the same seed gives the same
 * sequence of minibatches. Shared by {@link MapTrainer} and the vectorised ensemble trainer, so that
 * a member trained either way sees its rows in the same order.
 */
public final class EpochOrder {
    private final SplittableRandom rng;
    private final int[] order;

    /** Rows {@code 0..n-1}, shuffled afresh by each {@link #next()}. */
    public EpochOrder(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("row count must be >= 0, found " + n);
        }
        this.rng = new SplittableRandom(seed);
        this.order = Splits.identity(n);
    }

    /** Reshuffles and returns the order of the next epoch (the same array, overwritten each call). */
    public int[] next() {
        Splits.shuffle(order, rng);
        return order;
    }
}
