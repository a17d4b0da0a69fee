package org.bdl4j.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's intra-op threads on the calling thread for the length of one training loop: one thread
 * when a step is too small to split, the caller's count otherwise; {@link #close} restores the count.
 *
 * <p>Splitting an operation over T threads costs a synchronisation per operation, and a minibatch step
 * of a small network is hundreds of small operations. Measured on a 2-core AMD EPYC with
 * {@code GOMP_SPINCOUNT=1000} ({@code Bench THREADS}, docs/benchmarks.md, "Inter-op parallelism"), an
 * Adam step at 2 threads took 2.5–3.4 times as long as at 1 for MLPs of 0.03 to 3 million multiply-adds
 * per step (8-50, 10-100-100, 20-200-200) and 1.2–1.4 times at 3.4 million (784-32-32); between 7 and 15
 * million the two counts traded places from run to run, and from W1's 34 million on two threads won
 * (0.69–0.90 times; 0.63 at 86 million). So a step of fewer than
 * {@value #SMALL_STEP} multiply-adds (batch · {@link NetworkSpec#multiplyAddsPerRow}) runs on one thread;
 * the battery's and the UCI protocol's networks all do. The system property {@value #PROPERTY} sets
 * another threshold in multiply-adds ({@code 0}: never lower the count).
 */
public final class IntraOpThreads implements AutoCloseable {
    /** Below this many multiply-adds per step, a step runs on one intra-op thread (the default). */
    public static final long SMALL_STEP = 4_000_000L;
    /** The system property that sets the threshold in multiply-adds per step. */
    public static final String PROPERTY = "bdl4j.one-thread-below";

    /** While a scope has lowered this thread's count: the count the thread had before the outermost one. */
    private static final ThreadLocal<Integer> AVAILABLE = new ThreadLocal<>();

    private final int previous;
    private final int current;
    private final Integer outerAvailable;

    private IntraOpThreads(int previous, int current) {
        this.previous = previous;
        this.current = current;
        this.outerAvailable = AVAILABLE.get();
        if (current != previous) {
            AVAILABLE.set(outerAvailable != null ? outerAvailable : previous);
            JniUtils.setNumThreads(current);
        }
    }

    /**
     * The intra-op threads this thread may use: its count, or, inside a scope that lowered it, the
     * count before the scope. {@link TaskPool} shares these among its workers, so a fit that runs its
     * own loop on one thread still trains its ensemble members or chains on every core.
     */
    public static int available() {
        Integer a = AVAILABLE.get();
        if (a != null) {
            return a;
        }
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    /**
     * The threads for training {@code spec} on minibatches of {@code batch} rows, set until closed
     * ({@code spec} null, as for a user's own network: the count is kept).
     */
    public static IntraOpThreads forTraining(NetworkSpec spec, int batch) {
        Engine.getEngine("PyTorch");
        int now = JniUtils.getNumThreads();
        if (spec == null) {
            return new IntraOpThreads(now, now);
        }
        return new IntraOpThreads(now, threadsFor(stepMultiplyAdds(spec, batch), now,
                threshold(System.getProperty(PROPERTY))));
    }

    /**
     * Whether a minibatch step of {@code spec} on {@code batch} rows is below the threshold, the work
     * that libtorch does not split well over threads.
     */
    public static boolean smallStep(NetworkSpec spec, int batch) {
        return stepMultiplyAdds(spec, batch) < threshold(System.getProperty(PROPERTY));
    }

    private static long stepMultiplyAdds(NetworkSpec spec, int batch) {
        return spec.multiplyAddsPerRow() * Math.max(1, batch);
    }

    /** One thread for a step of fewer than {@code threshold} multiply-adds, else {@code available}. */
    static int threadsFor(long stepMultiplyAdds, int available, long threshold) {
        return stepMultiplyAdds < threshold ? 1 : available;
    }

    /** The threshold a setting of {@value #PROPERTY} gives (null: {@value #SMALL_STEP}). */
    static long threshold(String setting) {
        if (setting == null || setting.isBlank()) {
            return SMALL_STEP;
        }
        try {
            long t = Long.parseLong(setting.trim());
            if (t >= 0) {
                return t;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + PROPERTY + " must be a number of multiply-adds >= 0, found '"
                + setting + "'");
    }

    /** The intra-op threads while this is open. */
    public int threads() {
        return current;
    }

    @Override
    public void close() {
        if (current != previous) {
            JniUtils.setNumThreads(previous);
            if (outerAvailable == null) {
                AVAILABLE.remove();
            } else {
                AVAILABLE.set(outerAvailable);
            }
        }
    }
}
