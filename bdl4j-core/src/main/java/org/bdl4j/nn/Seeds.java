package org.bdl4j.nn;

import ai.djl.engine.Engine;

/**
 * Seeding of the engine's random generator (PyTorch's global generator: weight initialisation,
 * dropout masks, random arrays). Every random choice in bdl4j takes a seed; the engine's is set
 * from it here, the JVM-side ones use {@link java.util.SplittableRandom} on the same seed.
 */
public final class Seeds {
    /** Held while a seeded sequence of draws from the engine's one (process-wide) generator runs. */
    private static final java.util.concurrent.locks.ReentrantLock ENGINE_DRAWS =
            new java.util.concurrent.locks.ReentrantLock();

    private Seeds() {}

    /**
     * Seeds the engine's generator and runs {@code draws} while no other thread of this JVM can seed it
     * or draw through this method: the generator is shared by the process, so two threads predicting
     * with MC dropout at once (a service's pool, Spark tasks sharing a model) would interleave their
     * draws, and each result would depend on the other's timing.
     */
    public static <T> T withEngineSeed(long seed, java.util.function.Supplier<T> draws) {
        ENGINE_DRAWS.lock();
        try {
            seedEngine(seed);
            return draws.get();
        } finally {
            ENGINE_DRAWS.unlock();
        }
    }

    /** Seeds PyTorch's (and DJL's) generator; a long seed is folded to the int the engine takes. */
    public static void seedEngine(long seed) {
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }

    /** A seed for a derived stream (member i, epoch e, ...), mixed by SplitMix64's finaliser. */
    public static long derive(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
