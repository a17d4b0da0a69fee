package org.bdl4j.dropout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The first dropout layer and the Linear layer after it, for T passes that share their input h (the
 * layers before the first dropout run once per row), through the units each pass drops. With the
 * inverted-dropout mask z_t = s (1 - m_t), s = 1/(1 - p) and m_t the indicator of the dropped set D_t,
 *
 * <pre>
 *   (h ⊙ z_t) Wᵀ + b = s h Wᵀ + b - s h_{D_t} W_{D_t}ᵀ
 * </pre>
 *
 * where h Wᵀ is computed once for all passes and the correction of pass t multiplies only the |D_t|
 * dropped columns: about p·in multiply-adds per output and pass instead of in (a tenth at p = 0.1).
 * The dropped sets are padded to K = max_t |D_t| with a column of zeros. It pays when K is a small
 * part of the layer's inputs ({@link #pays}); the product is that of the masked input up to rounding.
 * Its arrays belong to the manager given to {@link #of} (one prediction call's), which frees them.
 */
final class DroppedUnitsLinear {
    /** The largest share K/in of dropped units for which this form is used. */
    static final double MAX_DROPPED_SHARE = 0.25;

    private final NDArray scaledWeightsT; // s Wᵀ, [in, out]
    private final NDArray bias; // [out] or null
    private final NDArray columns; // [1, T·K] indices into the input's columns (in = the zero column)
    private final NDArray droppedWeights; // s W_{D_t}ᵀ, [T, K, out]
    private final int k;

    private DroppedUnitsLinear(NDArray scaledWeightsT, NDArray bias, NDArray columns, NDArray droppedWeights, int k) {
        this.scaledWeightsT = scaledWeightsT;
        this.bias = bias;
        this.columns = columns;
        this.droppedWeights = droppedWeights;
        this.k = k;
    }

    /**
     * The form for masks z [T, 1, in] (values 0 or s), the Linear layer's weight W [out, in] and bias
     * (may be null), its arrays in {@code manager}; or null when the largest dropped set exceeds
     * {@link #MAX_DROPPED_SHARE} of the inputs.
     */
    static DroppedUnitsLinear of(NDArray masks, NDArray weight, NDArray bias, float rate, NDManager manager) {
        int samples = (int) masks.getShape().get(0);
        int in = (int) weight.getShape().get(1);
        float[] z = masks.toFloatArray();
        int[][] dropped = new int[samples][];
        int k = 1;
        for (int t = 0; t < samples; t++) {
            int count = 0;
            int[] d = new int[in];
            for (int i = 0; i < in; i++) {
                if (z[t * in + i] == 0f) {
                    d[count++] = i;
                }
            }
            dropped[t] = java.util.Arrays.copyOf(d, count);
            k = Math.max(k, count);
        }
        if (!pays(k, in)) {
            return null;
        }
        long[] index = new long[samples * k];
        java.util.Arrays.fill(index, in); // the zero column pads each set to K
        for (int t = 0; t < samples; t++) {
            for (int j = 0; j < dropped[t].length; j++) {
                index[t * k + j] = dropped[t][j];
            }
        }
        long out = weight.getShape().get(0);
        try (NDManager scratch = manager.newSubManager()) {
            NDArray weightT = weight.transpose(); // made in the weight's manager: moved before anything derives from it
            weightT.attach(scratch);
            NDArray scaledT = weightT.mul(scratch.create(1f / (1f - rate))); // [in, out]
            NDArray padded = scaledT.concat(scratch.zeros(new Shape(1, out), weight.getDataType()), 0); // [in + 1, out]
            NDArray rows = scratch.create(index, new Shape(samples * (long) k, 1));
            NDArray gathered = padded.gather(rows.broadcast(samples * (long) k, out), 0)
                    .reshape(samples, k, out);
            NDArray columns = scratch.create(index, new Shape(1, samples * (long) k));
            NDList kept = new NDList(scaledT, columns, gathered);
            NDArray b = null;
            if (bias != null) {
                b = bias.duplicate();
                kept.add(b);
            }
            kept.attach(manager);
            return new DroppedUnitsLinear(scaledT, b, columns, gathered, k);
        }
    }

    /** Whether K dropped units of {@code in} are few enough for this form to pay. */
    static boolean pays(int k, int in) {
        return k <= MAX_DROPPED_SHARE * in;
    }

    /**
     * The layer's outputs for passes s0..s0+t-1 on the shared input h [b, in]: [t·b, out], pass-major
     * (as the masked input through the Linear layer would give them), in {@code into}; what is computed
     * on the way is freed before it returns.
     */
    NDArray apply(NDArray shared, int s0, int t, NDManager into) {
        long b = shared.getShape().get(0);
        long out = scaledWeightsT.getShape().get(1);
        try (NDManager scope = into.newSubManager()) {
            NDArray full = shared.matMul(scaledWeightsT); // s h Wᵀ, [b, out]
            full.attach(scope);
            if (bias != null) {
                full = full.add(bias);
            }
            NDArray zeros = scope.zeros(new Shape(b, 1), shared.getDataType());
            NDArray padded = shared.concat(zeros, 1);
            padded.attach(scope);
            NDArray cols = columns.get(":, " + ((long) s0 * k) + ":" + ((long) (s0 + t) * k));
            cols.attach(scope);
            NDArray picked = padded.gather(cols.broadcast(b, (long) t * k), 1).reshape(b, t, k).transpose(1, 0, 2);
            NDArray weights = droppedWeights.get(s0 + ":" + (s0 + t));
            weights.attach(scope);
            NDArray correction = picked.matMul(weights); // [t, b, out]
            NDArray result = full.expandDims(0).sub(correction).reshape(t * b, out);
            result.attach(into);
            return result;
        }
    }

    /** K, the padded size of the dropped sets. */
    int droppedColumns() {
        return k;
    }
}
