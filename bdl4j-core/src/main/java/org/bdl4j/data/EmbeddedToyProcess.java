package org.bdl4j.data;

import java.util.SplittableRandom;

/**
 * A 2-D toy classification set of {@link ToyData} (two moons, spirals) in the first two features, and
 * d − 2 more features of independent N(0, 1) noise that carry no information about the class.
 */
final class EmbeddedToyProcess implements RowProcess {
    private final int features;
    private final RowsOfSeed toy;

    /** {@code toy} makes n rows of the 2-D set from a seed. */
    interface RowsOfSeed {
        Dataset rows(int n, long seed);
    }

    EmbeddedToyProcess(int features, RowsOfSeed toy) {
        if (features < 2) {
            throw new IllegalArgumentException("a 2-D toy set needs d >= 2, found " + features);
        }
        this.features = features;
        this.toy = toy;
    }

    @Override
    public Dataset train(int n, SplittableRandom rng) {
        Dataset plane = toy.rows(n, rng.nextLong());
        if (features == 2) {
            return plane;
        }
        float[] x = new float[n * features];
        for (int i = 0; i < n; i++) {
            x[i * features] = plane.features()[2 * i];
            x[i * features + 1] = plane.features()[2 * i + 1];
            for (int j = 2; j < features; j++) {
                x[i * features + j] = (float) rng.nextGaussian();
            }
        }
        return ToyData.classification(x, n, features, plane.labels(), plane.numClasses());
    }
}
