package org.bdl4j.nn;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * The outputs of a classifier that one task's head uses: a multi-head network whose heads share one
 * output layer, head t being the rows of that layer for task t's classes (van de Ven &amp; Tolias 2019,
 * "task-incremental" learning). The other logits are pushed to {@value #OFF} before the softmax,
 * so their probability is exactly 0 in float32 and float64, they receive no gradient from the
 * likelihood, and an arg-max over the logits never picks them:
 *
 * <pre>
 *   p(y = c | x, task) = exp(f_c) / Σ_{c' ∈ task} exp(f_c')   for c in the task, 0 otherwise.
 * </pre>
 */
public final class ActiveOutputs {
    /** The offset added to an inactive logit. */
    public static final double OFF = -1e9;

    private final int outputs;
    private final int[] classes;
    private final float[] offsets;

    private ActiveOutputs(int outputs, int[] classes) {
        this.outputs = outputs;
        this.classes = classes;
        this.offsets = new float[outputs];
        Arrays.fill(offsets, (float) OFF);
        for (int c : classes) {
            offsets[c] = 0;
        }
    }

    /**
     * Only {@code classes} of {@code outputs} logits are active.
     *
     * @throws IllegalArgumentException for no class, a class outside [0, outputs) or a repeated one
     */
    public static ActiveOutputs of(int outputs, int... classes) {
        if (classes.length == 0) {
            throw new IllegalArgumentException("a head needs at least one class");
        }
        int[] sorted = classes.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || sorted[i] >= outputs) {
                throw new IllegalArgumentException("class " + sorted[i] + " is outside the " + outputs + " outputs");
            }
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("class " + sorted[i] + " is listed twice");
            }
        }
        return new ActiveOutputs(outputs, sorted);
    }

    /** The active classes, ascending. */
    public int[] classes() {
        return classes.clone();
    }

    public int outputs() {
        return outputs;
    }

    /** Whether class {@code c} is active. */
    public boolean isActive(int c) {
        return offsets[c] == 0;
    }

    /** The logits [B, C] (any float type, any manager) with the inactive ones set off, in their manager. */
    public NDArray apply(NDArray logits) {
        long c = logits.getShape().get(logits.getShape().dimension() - 1);
        if (c != outputs) {
            throw new IllegalArgumentException("the head is for " + outputs + " outputs, the network gives " + c);
        }
        NDArray off = logits.getManager().create(offsets).toDevice(logits.getDevice(), false)
                .toType(logits.getDataType(), true); // a libtorch-owned copy (see Scalars)
        return logits.add(off);
    }
}
