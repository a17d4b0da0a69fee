package org.bdl4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.EvaluationSet;
import org.bdl4j.data.FashionMnist;
import org.bdl4j.data.SetSpec;

/**
 * Fashion-MNIST subsets for the {@link Battery}, as images (1x28x28, x/255), so that the defaults build the
 * CNN a user of {@code fashion-mnist} gets. {@code fashion-nN} trains on the first N images of the
 * benchmark's 55,000 training images (the 60,000 permuted with seed 12345, docs/benchmarks.md), so the
 * subsets are nested and never hold a validation image; its test rows are the first 2,000 test images
 * and its OOD rows the protocol's flip, invert and noise sets made from them (6,000 rows). The fit seed is
 * {@link SetSpec#seedOf} of the name.
 */
final class FashionSubsets {
    /** Training images of the subsets. */
    static final List<Integer> SIZES = List.of(500, 2_000, 10_000);
    static final String PREFIX = "fashion-n";

    private FashionSubsets() {}

    /** The names of the subsets: fashion-n500, fashion-n2000, fashion-n10000. */
    static List<String> names() {
        return SIZES.stream().map(n -> PREFIX + n).toList();
    }

    /** Whether {@code dir} holds the data (the subsets are run only then). */
    static boolean available(Path dir) {
        return Files.isDirectory(dir);
    }

    /** The subset called {@code name} (one of {@link #names()}) from the files in {@code dir}. */
    static EvaluationSet load(String name, Path dir) {
        int n = Integer.parseInt(name.substring(PREFIX.length()));
        if (!SIZES.contains(n)) {
            throw new IllegalArgumentException("no Fashion-MNIST subset '" + name + "' (known: " + names() + ")");
        }
        FashionMnist.TrainTest tt = FashionMnist.load(dir);
        Dataset train = FashionMnist.benchmarkSplit(tt.train()).train().slice(0, n);
        Dataset test = tt.test().slice(0, FashionMnist.OOD_ROWS);
        return new EvaluationSet(name, train, test, oodRows(tt.test()), "flip, invert and uniform noise of the "
                + FashionMnist.OOD_ROWS + " test images", null, SetSpec.seedOf(name));
    }

    /** The three OOD sets of docs/benchmarks.md, one after the other, without labels. */
    private static Dataset oodRows(Dataset test) {
        FashionMnist.Ood[] kinds = FashionMnist.Ood.values();
        int per = FashionMnist.OOD_ROWS * test.featureCount();
        float[] x = new float[kinds.length * per];
        for (int k = 0; k < kinds.length; k++) {
            Dataset d = FashionMnist.ood(test, kinds[k], FashionData.OOD_NOISE_SEED);
            System.arraycopy(d.features(), 0, x, k * per, per);
        }
        return Dataset.unlabeled(x, kinds.length * FashionMnist.OOD_ROWS, test.featureShape(), test.featureNames());
    }
}
