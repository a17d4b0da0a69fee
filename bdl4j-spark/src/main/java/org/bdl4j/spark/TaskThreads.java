package org.bdl4j.spark;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.apache.spark.TaskContext;

/**
 * libtorch's intra-op threads follow the Spark task's CPUs ({@code spark.task.cpus}): an executor runs
 * {@code spark.executor.cores / spark.task.cpus} tasks at once, so a task that let libtorch use every
 * core would oversubscribe them. libtorch's setting is per process, and every task of an executor has
 * the same CPU count; each task sets it as it starts (a cheap call). A thread count the user gave
 * ({@code -Dai.djl.pytorch.num_threads}) is kept.
 */
final class TaskThreads {
    private static final String USER_SETTING = "ai.djl.pytorch.num_threads";

    private TaskThreads() {}

    /** Sets libtorch's threads to the current task's CPUs, outside a task or when the user chose, nothing. */
    static synchronized void follow() {
        TaskContext task = TaskContext.get();
        if (task == null || System.getProperty(USER_SETTING) != null) {
            return;
        }
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(Math.max(1, task.cpus()));
    }
}
