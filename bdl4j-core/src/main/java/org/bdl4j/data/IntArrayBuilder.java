package org.bdl4j.data;

import java.util.Arrays;

/** A growable {@code int[]}; the twin of {@link FloatArrayBuilder} for class indices. */
final class IntArrayBuilder {
    private int[] data;
    private int size;

    IntArrayBuilder(int initialCapacity) {
        data = new int[Math.max(16, initialCapacity)];
    }

    void add(int v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, FloatArrayBuilder.grownCapacity(data.length));
        }
        data[size++] = v;
    }

    int size() {
        return size;
    }

    int get(int i) {
        return data[i];
    }

    int[] toArray() {
        return size == data.length ? data : Arrays.copyOf(data, size);
    }
}
