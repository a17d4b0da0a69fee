package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Adds engine float64 arrays into Java accumulators. */
final class Arrays64 {
    private Arrays64() {}

    /** The values as doubles, whatever the array's floating-point type. */
    static double[] toDoubles(NDArray values) {
        return values.getDataType() == DataType.FLOAT64 ? values.toDoubleArray()
                : values.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    static void addInto(double[] acc, NDArray values) {
        double[] v = toDoubles(values);
        if (v.length != acc.length) {
            throw new IllegalStateException("accumulator has " + acc.length + " entries, batch gives " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
        }
    }
}
