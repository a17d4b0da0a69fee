package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * A running sum of per-batch engine arrays, kept in the engine in float64 and added into a Java
 * accumulator only on {@link #flush}. Copying each batch's sum to Java costs more than forming it when
 * the sum is large and the batches are small: after a CNN's convolutions a dense layer's Kronecker
 * factor A is 5,881 x 5,881 (277 MB of doubles), and the convolutions' per-sample taps hold a curvature
 * batch to about 20 images, so that a pass over 55,000 images copied 660 GB. The additions are those
 * of {@link Arrays64#addInto} (each batch's values in float64, summed in batch order), so the sums
 * are the same.
 */
final class EngineSum {
    private final double[] target;
    private NDManager owner; // holds the partial sum between batches; closed by flush
    private NDArray partial;

    /** @param target the Java accumulator that {@link #flush} adds into */
    EngineSum(double[] target) {
        this.target = target;
    }

    /** Adds one batch's values (any floating-point type, {@code target}'s length). */
    void add(NDArray values) {
        if (partial == null) {
            owner = NDManager.newBaseManager(values.getDevice(), values.getManager().getEngine().getEngineName());
            partial = values.toType(DataType.FLOAT64, true);
            partial.attach(owner);
        } else {
            partial.addi(values.toType(DataType.FLOAT64, false));
        }
    }

    /** Adds the engine's sum into the Java accumulator and releases it; nothing to do when empty. */
    void flush() {
        if (partial == null) {
            return;
        }
        try {
            Arrays64.addInto(target, partial);
        } finally {
            owner.close();
            owner = null;
            partial = null;
        }
    }
}
