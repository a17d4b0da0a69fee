package org.bdl4j.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scalars as engine-owned 0-d arrays, for use inside anything that is differentiated.
 *
 * <p>DJL 0.36's {@code mul/div/add/pow} with a Java number builds the scalar over a Java buffer that
 * the garbage collector may free before {@code backward()}; a collection in between silently
 * corrupts gradients. {@code NDManager.full} allocates in libtorch instead, so the memory lives as
 * long as the array. Use these in losses; the regression test {@code ScalarsGcTest} forces a GC
 * between forward and backward.
 */
public final class Scalars {
    private Scalars() {}

    /** A float32 0-d array holding {@code value}, owned by {@code manager}. */
    public static NDArray of(NDManager manager, float value) {
        return manager.full(new Shape(), value, DataType.FLOAT32);
    }

    /** A float32 0-d array on the device and in the manager of {@code like}. */
    public static NDArray like(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, DataType.FLOAT32, like.getDevice());
    }
}
