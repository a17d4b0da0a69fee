package org.bdl4j.curvature;

import java.util.List;

/** A curvature structure summed batch by batch from {@link LayerTaps}. */
public interface CurvatureAccumulator {
    /** Adds one batch's contribution Σ_b Σ_k (J_bᵀ v_k)(J_bᵀ v_k)ᵀ in this structure. */
    void add(List<LayerTaps.Tap> taps);

    /**
     * Moves the sums that {@link #add} keeps in the engine into this accumulator and releases their
     * native memory ({@link EngineSum}). {@link CurvatureSweep} calls it when a sweep ends, also when it
     * fails; every reading of the sums calls it first.
     */
    default void flush() {}

    /**
     * The running sums that define this structure, in a fixed order (copies). The structures are sums
     * over rows, so {@link #addSums} of the sums of another accumulator of the same layers and structure,
     * swept over other rows, gives the accumulator of both row sets: partitions of a data set can be
     * swept apart (on Spark executors) and joined.
     */
    List<double[]> sums();

    /**
     * Adds {@link #sums} of an accumulator of the same layers and structure, element by element.
     *
     * @throws IllegalArgumentException if the arrays do not match this structure's
     */
    void addSums(List<double[]> other);

    /** Adds {@code from} into {@code into} element by element, after checking the arrays' number and lengths. */
    static void addInto(List<double[]> into, List<double[]> from) {
        if (into.size() != from.size()) {
            throw new IllegalArgumentException("curvature sums of " + from.size() + " arrays, this structure has "
                    + into.size());
        }
        for (int i = 0; i < into.size(); i++) {
            double[] a = into.get(i);
            double[] b = from.get(i);
            if (a.length != b.length) {
                throw new IllegalArgumentException("curvature sum " + i + " has " + b.length + " values, this "
                        + "structure's has " + a.length);
            }
            for (int j = 0; j < a.length; j++) {
                a[j] += b[j];
            }
        }
    }
}
