package org.bdl4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Runs a network over many rows in evaluation mode, batch by batch, and returns plain floats. */
public final class NetworkOutputs {
    /** Rows per forward pass: large enough to keep the matmuls efficient, small enough for memory. */
    public static final int BATCH = 2048;

    private NetworkOutputs() {}

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
        Inputs.withoutGradients(() -> {
            for (int from = 0; from < rows; from += BATCH) {
                int to = Math.min(rows, from + BATCH);
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
