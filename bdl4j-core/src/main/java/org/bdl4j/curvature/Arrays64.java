package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;

/** Adds engine float64 arrays into Java accumulators. */
final class Arrays64 {
    private Arrays64() {}

    static void addInto(double[] acc, NDArray values) {
        double[] v = values.toDoubleArray();
        if (v.length != acc.length) {
            throw new IllegalStateException("accumulator has " + acc.length + " entries, batch gives " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
        }
    }
}
