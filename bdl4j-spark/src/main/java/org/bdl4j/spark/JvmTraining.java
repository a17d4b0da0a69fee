package org.bdl4j.spark;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Gradient work in one executor JVM runs one task at a time: DJL records gradients in one
 * {@code GradientCollector} per JVM, and initial weights come from the engine's seeded global
 * generator, which two task threads would interleave. Ensemble members and all-layer curvature passes
 * take this lock; scoring does not need it.
 */
final class JvmTraining {
    private static final ReentrantLock LOCK = new ReentrantLock();

    private JvmTraining() {}

    static <T> T oneAtATime(Supplier<T> work) {
        LOCK.lock();
        try {
            return work.get();
        } finally {
            LOCK.unlock();
        }
    }
}
