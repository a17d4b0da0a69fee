package org.bdl4j.data;

import java.util.Arrays;

/** A growable {@code float[]} (amortised doubling) for reading tables of unknown length in one pass. */
final class FloatArrayBuilder {
    private float[] data;
    private int size;

    FloatArrayBuilder(int initialCapacity) {
        data = new float[Math.max(16, initialCapacity)];
    }

    void add(float v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, grownCapacity(data.length));
        }
        data[size++] = v;
    }

    int size() {
        return size;
    }

    float get(int i) {
        return data[i];
    }

    /** The values added so far, in an array of exactly {@link #size()} (the buffer itself when full). */
    float[] toArray() {
        return size == data.length ? data : Arrays.copyOf(data, size);
    }

    /** Doubling, capped at the largest array length the JVM allows. */
    static int grownCapacity(int current) {
        int max = Integer.MAX_VALUE - 8;
        if (current >= max) {
            throw new DataException("table too large: more than " + max + " values");
        }
        return (int) Math.min(max, 2L * current);
    }
}
