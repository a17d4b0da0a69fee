package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void loadsSmallFilesPlainAndGzip() throws IOException {
        IdxFiles.writeFashion(dir, "train", 5, true);
        IdxFiles.writeFashion(dir, "t10k", 3, false);
        FashionMnist.TrainTest t = FashionMnist.load(dir);
        Dataset train = t.train();
        assertThat(train.rows()).isEqualTo(5);
        assertThat(t.test().rows()).isEqualTo(3);
        assertThat(train.featureShape()).containsExactly(1, 28, 28);
        assertThat(train.featureNames()).hasSize(784).startsWith("pixel0", "pixel1").endsWith("pixel783");
        assertThat(train.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(train.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                "Shirt", "Sneaker", "Bag", "Ankle boot");
        assertThat(train.targetName()).isEqualTo("label");
        assertThat(train.labels()).containsExactly(0, 1, 2, 3, 4);
        // pixel (i, k) = (7 i + k) mod 256, scaled by 1/255
        assertThat(train.features()[2 * 784 + 10]).isEqualTo(24 / 255f);
        assertThat(train.features()[3 * 784 + 255 - 21]).isEqualTo(1f);
    }

    @Test
    void missingDirectoryTellsHowToInstall() {
        Path none = dir.resolve("nowhere");
        assertThatThrownBy(() -> FashionMnist.loadTest(none)).isInstanceOf(DataException.class)
                .hasMessage(none + ": no Fashion-MNIST directory (install it with 'apt-get install dataset-fashion-mnist',"
                        + " or give fashion-mnist:DIR)");
    }

    @Test
    void missingFileAndMismatchedCounts() throws IOException {
        IdxFiles.writeFashion(dir, "t10k", 3, false);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        assertThatThrownBy(() -> FashionMnist.loadTest(dir)).isInstanceOf(DataException.class)
                .hasMessage(dir + ": missing t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz)");
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.idx(0x801, new int[] {2}, new byte[2]), false);
        assertThatThrownBy(() -> FashionMnist.loadTest(dir)).isInstanceOf(DataException.class)
                .hasMessage(dir.resolve("t10k-labels-idx1-ubyte") + ": has 2 labels, t10k-images-idx3-ubyte has 3 images");
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.idx(0x801, new int[] {3}, new byte[] {1, 10, 2}),
                false);
        assertThatThrownBy(() -> FashionMnist.loadTest(dir)).isInstanceOf(DataException.class)
                .hasMessage(dir.resolve("t10k-labels-idx1-ubyte") + ": label at index 1 is 10, expected 0..9");
    }

    @Test
    void wrongImageSize() throws IOException {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.idx(0x803, new int[] {1, 2, 2}, new byte[4]), false);
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.idx(0x801, new int[] {1}, new byte[1]), false);
        assertThatThrownBy(() -> FashionMnist.loadTrain(dir)).isInstanceOf(DataException.class)
                .hasMessage(dir.resolve("train-images-idx3-ubyte") + ": images are 2x2, expected 28x28");
    }

    @Test
    void loadsAnImagesFileAloneAsUnlabelledRows() throws IOException {
        IdxFiles.writeFashion(dir, "t10k", 3, true);
        Dataset d = FashionMnist.loadImages(dir.resolve("t10k-images-idx3-ubyte.gz"));
        Dataset test = FashionMnist.loadTest(dir);
        assertThat(d.hasTargets()).isFalse();
        assertThat(d.rows()).isEqualTo(3);
        assertThat(d.featureShape()).containsExactly(1, 28, 28);
        assertThat(d.featureNames()).isEqualTo(test.featureNames());
        assertThat(d.features()).containsExactly(test.features());
        Path small = IdxFiles.write(dir.resolve("small-idx3-ubyte"), IdxFiles.idx(0x803, new int[] {1, 8, 8},
                new byte[64]), false);
        assertThatThrownBy(() -> FashionMnist.loadImages(small)).isInstanceOf(DataException.class)
                .hasMessage(small + ": images are 8x8, expected 28x28");
    }

    @Test
    void benchmarkSplitIsTheSeededPermutationCut() {
        int n = 60_000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        Dataset all = Dataset.regression(x, n, new int[] {1}, List.of("i"), x, "y");
        FashionMnist.BenchmarkSplit s = FashionMnist.benchmarkSplit(all);
        assertThat(s.train().rows()).isEqualTo(55_000);
        assertThat(s.validation().rows()).isEqualTo(5_000);
        int[] p = Splits.permutation(n, 12345);
        assertThat(s.train().features()[0]).isEqualTo(p[0]);
        assertThat(s.validation().features()[0]).isEqualTo(p[55_000]);
        assertThat(s.validation().features()[4_999]).isEqualTo(p[59_999]);
        Set<Float> seen = new HashSet<>();
        for (float v : s.train().features()) {
            seen.add(v);
        }
        for (float v : s.validation().features()) {
            seen.add(v);
        }
        assertThat(seen).hasSize(n);
        assertThatThrownBy(() -> FashionMnist.benchmarkSplit(all.slice(0, 10)))
                .hasMessage("the benchmark split expects the 60000 Fashion-MNIST training images, found 10 rows");
    }

    private static Dataset images(int n, int h, int w) {
        float[] x = new float[n * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 97) / 97f;
        }
        int[] y = new int[n];
        return Dataset.classification(x, n, new int[] {1, h, w}, Dataset.defaultFeatureNames(h * w), y,
                List.of("a"), "label");
    }

    @Test
    void oodFlipRotatesEachImage180Degrees() {
        Dataset test = images(2_500, 3, 4);
        Dataset flip = FashionMnist.ood(test, FashionMnist.Ood.FLIP, 0);
        assertThat(flip.rows()).isEqualTo(2_000);
        assertThat(flip.featureShape()).containsExactly(1, 3, 4);
        assertThat(flip.hasTargets()).isTrue();
        for (int i : new int[] {0, 1, 1_999}) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    assertThat(flip.features()[i * 12 + r * 4 + c]).isEqualTo(test.features()[i * 12 + (2 - r) * 4 + (3 - c)]);
                }
            }
        }
        // the source is untouched
        assertThat(test.features()[0]).isEqualTo(0f);
    }

    @Test
    void oodInvertAndNoise() {
        Dataset test = images(2_000, 2, 2);
        Dataset inv = FashionMnist.ood(test, FashionMnist.Ood.INVERT, 0);
        for (int i = 0; i < 8_000; i += 997) {
            assertThat(inv.features()[i]).isEqualTo(1f - test.features()[i]);
        }
        Dataset noise = FashionMnist.ood(test, FashionMnist.Ood.NOISE, 7);
        assertThat(noise.hasTargets()).isFalse();
        double mean = 0;
        for (float v : noise.features()) {
            assertThat(v).isBetween(0f, 1f);
            mean += v / 8_000.0;
        }
        assertThat(mean).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02)); // sd of the mean: 0.0032
        assertThat(FashionMnist.ood(test, FashionMnist.Ood.NOISE, 7).features()).isEqualTo(noise.features());
        assertThat(Arrays.equals(FashionMnist.ood(test, FashionMnist.Ood.NOISE, 8).features(), noise.features())).isFalse();
        assertThatThrownBy(() -> FashionMnist.ood(test.slice(0, 10), FashionMnist.Ood.INVERT, 0))
                .hasMessage("OOD sets are made from the first 2000 test images, found 10 rows");
    }
}
