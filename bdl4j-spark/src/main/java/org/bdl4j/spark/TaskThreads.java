package org.bdl4j.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.apache.spark.TaskContext;

/**
 * libtorch's intra-op threads follow the Spark task's CPUs ({@code spark.task.cpus}): an executor runs
 * {@code spark.executor.cores / spark.task.cpus} tasks at once, so a task that let libtorch use every
 * core would oversubscribe them. libtorch's count is per thread (OpenMP's and MKL's settings), a thread
 * that starts later taking the last count set; each task sets its own as it starts (a cheap call). A
 * thread count the user gave ({@code -Dai.djl.pytorch.num_threads}) is kept.
 *
 * <p>Each task thread is also taken out of libtorch's gradient mode, which is per thread and on by
 * default (DJL turns it off only on the thread that loaded the engine): a forward pass in gradient mode
 * records a graph it never uses.
 */
final class TaskThreads {
    private static final String USER_SETTING = "ai.djl.pytorch.num_threads";

    private TaskThreads() {}

    /**
     * Turns gradient mode off on this thread, and sets libtorch's threads to the current task's CPUs
     * (outside a task, or when the user chose, the threads stay as they are).
     */
    static synchronized void prepare() {
        Engine.getEngine("PyTorch");
        JniUtils.setGradMode(false);
        TaskContext task = TaskContext.get();
        if (task == null || System.getProperty(USER_SETTING) != null) {
            return;
        }
        JniUtils.setNumThreads(Math.max(1, task.cpus()));
    }
}
