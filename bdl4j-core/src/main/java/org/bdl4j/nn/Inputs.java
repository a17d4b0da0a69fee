package org.bdl4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.FloatBuffer;
import java.util.function.Supplier;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;

/**
 * Moves rows of a row-major feature matrix into engine arrays, batch by batch.
 *
 * <p>Arrays are created with {@code NDManager.create}, which copies the data into memory the engine
 * owns; they belong to the (per-batch) manager passed in.
 */
public final class Inputs {
    private Inputs() {}

    /** Rows {@code [from, to)} as an array of shape {@code [to - from, rowShape...]}. */
    public static NDArray rows(NDManager manager, float[] features, int[] rowShape, int from, int to) {
        int d = size(rowShape);
        FloatBuffer buf = FloatBuffer.wrap(features, from * d, (to - from) * d).slice();
        return manager.create(buf, shape(to - from, rowShape), DataType.FLOAT32);
    }

    /** The rows {@code order[from..to)}, gathered in that order. */
    public static NDArray gather(NDManager manager, float[] features, int[] rowShape, int[] order, int from, int to) {
        int d = size(rowShape);
        float[] batch = new float[(to - from) * d];
        for (int r = from; r < to; r++) {
            System.arraycopy(features, order[r] * d, batch, (r - from) * d, d);
        }
        return manager.create(FloatBuffer.wrap(batch), shape(to - from, rowShape), DataType.FLOAT32);
    }

    /** Class labels {@code order[from..to)} as int64 [B]. */
    public static NDArray labels(NDManager manager, int[] labels, int[] order, int from, int to) {
        long[] l = new long[to - from];
        for (int r = from; r < to; r++) {
            l[r - from] = labels[order == null ? r : order[r]];
        }
        return manager.create(l);
    }

    /**
     * The truth of rows {@code order[from..to)} of {@code data} ({@code order} null: the rows in order) as
     * the likelihood's loss takes it: class labels as int64 [B] for {@link Likelihood#CATEGORICAL}, real
     * targets as float32 [B] otherwise.
     */
    public static NDArray truth(NDManager manager, Likelihood likelihood, Dataset data, int[] order,
            int from, int to) {
        return likelihood == Likelihood.CATEGORICAL ? labels(manager, data.labels(), order, from, to)
                : targets(manager, data.targets(), order, from, to);
    }

    /** Real targets {@code order[from..to)} as float32 [B]. */
    public static NDArray targets(NDManager manager, float[] targets, int[] order, int from, int to) {
        float[] t = new float[to - from];
        for (int r = from; r < to; r++) {
            t[r - from] = targets[order == null ? r : order[r]];
        }
        return manager.create(t);
    }

    /**
     * The batches of M models trained side by side: model m gets the rows {@code orders[m][from..to)},
     * as one array of shape {@code [M, to - from, rowShape...]}.
     */
    public static NDArray gatherStacked(NDManager manager, float[] features, int[] rowShape, int[][] orders, int from,
            int to) {
        int d = size(rowShape);
        int b = to - from;
        float[] batch = new float[orders.length * b * d];
        for (int m = 0; m < orders.length; m++) {
            for (int r = from; r < to; r++) {
                System.arraycopy(features, orders[m][r] * d, batch, (m * b + r - from) * d, d);
            }
        }
        long[] dims = new long[rowShape.length + 2];
        dims[0] = orders.length;
        dims[1] = b;
        for (int i = 0; i < rowShape.length; i++) {
            dims[i + 2] = rowShape[i];
        }
        return manager.create(FloatBuffer.wrap(batch), new Shape(dims), DataType.FLOAT32);
    }

    /** Class labels {@code orders[m][from..to)} as int64 [M, to - from]. */
    public static NDArray labelsStacked(NDManager manager, int[] labels, int[][] orders, int from, int to) {
        int b = to - from;
        long[] l = new long[orders.length * b];
        for (int m = 0; m < orders.length; m++) {
            for (int r = from; r < to; r++) {
                l[m * b + r - from] = labels[orders[m][r]];
            }
        }
        return manager.create(l, new Shape(orders.length, b));
    }

    /** Real targets {@code orders[m][from..to)} as float32 [M, to - from]. */
    public static NDArray targetsStacked(NDManager manager, float[] targets, int[][] orders, int from, int to) {
        int b = to - from;
        float[] t = new float[orders.length * b];
        for (int m = 0; m < orders.length; m++) {
            for (int r = from; r < to; r++) {
                t[m * b + r - from] = targets[orders[m][r]];
            }
        }
        return manager.create(t, new Shape(orders.length, b));
    }

    /** The shape {@code [batch, rowShape...]}. */
    public static Shape shape(long batch, int[] rowShape) {
        long[] dims = new long[rowShape.length + 1];
        dims[0] = batch;
        for (int i = 0; i < rowShape.length; i++) {
            dims[i + 1] = rowShape[i];
        }
        return new Shape(dims);
    }

    /**
     * A gradient collector for this thread, which leaves the thread out of gradient mode when it closes.
     * libtorch's gradient mode is per thread and on by default; DJL turns it off only on the thread that
     * loaded the engine. On any other thread (a Spark task, a service's pool, a worker of
     * {@link org.bdl4j.nn.TaskPool}) training would otherwise update its parameters in place while
     * recording gradients, which libtorch refuses for leaf tensors, and every later forward pass would
     * record a graph. Unlike DJL's collector it does not stop other threads from training at the same
     * time (see {@link ThreadGradientCollector}).
     */
    public static ai.djl.training.GradientCollector gradientCollector() {
        return new ThreadGradientCollector();
    }

    /**
     * Runs {@code work} with PyTorch's (thread-local) gradient recording switched off, so that
     * prediction builds no autograd graph, and restores the previous mode.
     */
    public static <T> T withoutGradients(Supplier<T> work) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }

    private static int size(int[] shape) {
        int p = 1;
        for (int s : shape) {
            p *= s;
        }
        return p;
    }
}
