package org.bdl4j.train;

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
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
    }

    /** Reshuffles and returns the order of the next epoch (the same array, overwritten each call). */
    public int[] next() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
