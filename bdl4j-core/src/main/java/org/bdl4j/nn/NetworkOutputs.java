package org.bdl4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Runs a network over many rows in evaluation mode, batch by batch, and returns plain floats. */
public final class NetworkOutputs {
    /** The most rows per forward pass. */
    public static final int BATCH = 2048;
    /** The floats of one layer's output that a prediction batch may take (16 MB). */
    static final long ACTIVATION_BUDGET = 1L << 22;

    private NetworkOutputs() {}

    /**
     * Rows per prediction batch for {@code spec}: the largest power of two, at most {@value #BATCH} and
     * at least 64, whose widest layer output ({@link NetworkSpec#widestActivation}) fits in
     * {@value #ACTIVATION_BUDGET} floats. Large enough to keep the matrix products efficient, small
     * enough that a convolution's buffers stay in cache: LeNet-5 on 10,000 images took 0.23–0.26 s at
     * 256 or 512 rows a batch and 0.56–0.58 s at 2,048 (2 threads, AMD EPYC); an MLP of 784 inputs keeps
     * 2,048.
     */
    public static int batchRows(NetworkSpec spec) {
        long rows = ACTIVATION_BUDGET / Math.max(1, spec.widestActivation());
        return (int) Math.max(64, Math.min(BATCH, Long.highestOneBit(Math.max(1, rows))));
    }

    /**
     * The raw outputs for {@code rows} rows of {@code features} (row-major, each of
     * {@code rowShape}), as an n x outputs row-major array; no gradients are recorded, and every
     * batch's native memory is freed before the next.
     *
     * @param training passed to the block (dropout active in STANDARD mode when true)
     */
    public static float[] compute(Network net, float[] features, int[] rowShape, int rows, boolean training) {
        int outputs = net.spec().outputs();
        float[] out = new float[rows * outputs];
        int step = batchRows(net.spec());
        Inputs.withoutGradients(() -> {
            for (int from = 0; from < rows; from += step) {
                int to = Math.min(rows, from + step);
                try (NDManager batch = net.manager().newSubManager()) {
                    NDArray x = Inputs.rows(batch, features, rowShape, from, to);
                    NDArray y = net.forward(x, training);
                    y.toByteBuffer(true).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer()
                            .get(out, from * outputs, (to - from) * outputs);
                }
            }
            return null;
        });
        return out;
    }
}
