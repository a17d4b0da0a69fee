package org.bdl4j.nn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Inter-op parallelism: runs independent engine tasks (ensemble members, groups of sampler chains)
 * on worker threads, each with its own networks and managers and its own share of libtorch's
 * intra-op threads.
 *
 * <p>Why: one libtorch operation split over T threads pays a synchronisation per operation, which the
 * small matrix products of small networks do not amortise; two tasks each on one thread keep both
 * cores busy without it. Measured on a 2-core AMD EPYC ({@code Bench W3}, docs/benchmarks.md,
 * "Inter-op parallelism"): five members of W1's MLP trained on two one-thread workers in 0.37x the time
 * of training them one after the other on two intra-op threads (15.2 s against 41.3 s), and five small
 * members (8-50-2) in 0.25x.
 *
 * <p>How many workers ({@link #workers}): the system property {@value #PROPERTY} (or the launcher's
 * {@code BDL4J_TASKS}) if set, a number of workers or {@code auto}; {@code auto} runs
 * W = min(tasks, T) workers, T being the calling thread's available intra-op threads
 * ({@link IntraOpThreads#available}: its count, or the count before a small network's training lowered
 * it), each with max(1, T / W) intra-op threads, so the process never uses more threads than T. With
 * T = 1 (the setting for a machine shared with other work) the tasks run on the calling thread, one
 * after the other.
 *
 * <p>A task's result must depend only on its index (its seed), never on the worker that ran it or
 * the tasks beside it: bdl4j's training draws dropout masks from per-network streams
 * ({@link TrainingDropout}) and sampler momenta from per-chain streams, never from the engine's
 * process-wide generator. Results then equal those of the tasks run one after the other at one
 * intra-op thread each.
 */
public final class TaskPool {
    /** The system property that fixes the number of workers ({@code auto} or a positive integer). */
    public static final String PROPERTY = "bdl4j.tasks";

    private TaskPool() {}

    /** The number of workers that {@link #map} uses for {@code tasks} tasks here. */
    public static int workers(int tasks) {
        return workers(tasks, IntraOpThreads.available(), System.getProperty(PROPERTY));
    }

    /**
     * The number of workers for {@code tasks} tasks when the caller has {@code threads} intra-op threads
     * and the setting is {@code setting} (null or {@code auto} for the default rule).
     */
    public static int workers(int tasks, int threads, String setting) {
        if (tasks < 1) {
            return 1;
        }
        if (setting == null || setting.isBlank() || setting.trim().equalsIgnoreCase("auto")) {
            return Math.max(1, Math.min(tasks, threads));
        }
        int w;
        try {
            w = Integer.parseInt(setting.trim());
        } catch (NumberFormatException e) {
            w = 0;
        }
        if (w < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "-D%s (BDL4J_TASKS for ./bdl4j) must be 'auto' or a number of workers >= 1, found '%s'", PROPERTY,
                    setting));
        }
        return Math.min(tasks, w);
    }

    /**
     * Runs {@code task} for indices 0 to {@code tasks - 1} and returns the results in index order. With
     * more than one worker each runs on its own thread, outside gradient mode, with its share of the
     * intra-op threads. If a task fails, no further task starts, the results already made are given to
     * {@code discard} (to close them), and the first failure is thrown.
     */
    public static <T> List<T> map(int tasks, IntFunction<T> task, Consumer<? super T> discard) {
        return map(tasks, workers(tasks, IntraOpThreads.available(), System.getProperty(PROPERTY)), task, discard);
    }

    /**
     * As {@link #map(int, IntFunction, Consumer)} on {@code workers} workers (at most one per task),
     * whatever the setting says: for measurements that compare counts.
     */
    public static <T> List<T> map(int tasks, int workers, IntFunction<T> task, Consumer<? super T> discard) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, found " + workers);
        }
        int threads = IntraOpThreads.available();
        int callerThreads = intraOpThreads();
        int w = Math.min(workers, Math.max(1, tasks));
        List<T> results = new ArrayList<>(Collections.nCopies(Math.max(0, tasks), null));
        if (w <= 1) {
            try {
                for (int i = 0; i < tasks; i++) {
                    results.set(i, task.apply(i));
                }
                return results;
            } catch (RuntimeException | Error e) {
                discardAll(results, discard);
                throw e;
            }
        }
        int perWorker = Math.max(1, threads / w);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> pool = new ArrayList<>();
        for (int k = 0; k < w; k++) {
            Thread t = new Thread(() -> {
                JniUtils.setGradMode(false);
                JniUtils.setNumThreads(perWorker);
                for (int i = next.getAndIncrement(); i < tasks && failure.get() == null; i = next.getAndIncrement()) {
                    try {
                        T r = task.apply(i);
                        synchronized (results) {
                            results.set(i, r);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }, "bdl4j-task-" + k);
            t.setDaemon(true);
            pool.add(t);
            t.start();
        }
        boolean interrupted = false;
        for (Thread t : pool) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    failure.compareAndSet(null, e);
                }
            }
        }
        // libtorch keeps the last count set as the default of threads that start later; restore it
        JniUtils.setNumThreads(callerThreads);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e != null) {
            discardAll(results, discard);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("a parallel task was interrupted", e);
        }
        return results;
    }

    private static <T> void discardAll(List<T> results, Consumer<? super T> discard) {
        synchronized (results) {
            for (T r : results) {
                if (r != null) {
                    discard.accept(r);
                }
            }
        }
    }

    /** The calling thread's libtorch intra-op threads. */
    public static int intraOpThreads() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }
}
