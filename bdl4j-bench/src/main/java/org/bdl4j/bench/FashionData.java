package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.FashionMnist;

/**
 * The benchmark data of docs/benchmarks.md: pixels x/255, the 60k training images permuted with seed
 * 12345 (55k train, 5k validation), the 10k test images, and the three OOD sets from the first 2,000
 * test images. {@code flat} gives 784-vectors for the MLP, otherwise 1x28x28 images; {@link #images} reads
 * another IDX3 file of 28x28 images (an extra OOD set) the same way.
 */
record FashionData(Dataset train, Dataset validation, Dataset test, Map<FashionMnist.Ood, Dataset> ood) {

    static final long OOD_NOISE_SEED = FashionMnist.OOD_NOISE_SEED;

    static FashionData load(Path dir, boolean flat) {
        FashionMnist.TrainTest tt = FashionMnist.load(dir);
        FashionMnist.BenchmarkSplit split = FashionMnist.benchmarkSplit(tt.train());
        Map<FashionMnist.Ood, Dataset> ood = new EnumMap<>(FashionMnist.Ood.class);
        for (FashionMnist.Ood kind : FashionMnist.Ood.values()) {
            ood.put(kind, shape(FashionMnist.ood(tt.test(), kind, OOD_NOISE_SEED), flat));
        }
        return new FashionData(shape(split.train(), flat), shape(split.validation(), flat), shape(tt.test(), flat), ood);
    }

    /** The unlabelled images of an IDX3 file of 28x28 images, scaled and shaped as {@link #load} gives them. */
    static Dataset images(Path idx3File, boolean flat) {
        return shape(FashionMnist.loadImages(idx3File), flat);
    }

    private static Dataset shape(Dataset d, boolean flat) {
        return flat ? d.withFeatures(d.features(), new int[] {d.featureCount()}, d.featureNames()) : d;
    }
}
