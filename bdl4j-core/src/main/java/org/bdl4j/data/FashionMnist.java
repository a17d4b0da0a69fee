package org.bdl4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fashion-MNIST from its four IDX files, and the benchmark protocol's splits and OOD sets
 * (see {@code docs/benchmarks.md}).
 *
 * <p>Files in the directory, each plain or with {@code .gz}: {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte} (60,000 images), {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte} (10,000). The default directory is {@link #DEFAULT_DIR}, installed by
 * the Debian package {@code dataset-fashion-mnist}.
 *
 * <p>Tables: pixels {@code x / 255} as float32, feature shape {@code [1, 28, 28]}, feature names
 * {@code pixel0..pixel783} (row-major), target {@code label} with the ten {@link #CLASS_NAMES}.
 */
public final class FashionMnist {
    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The class names, in label order 0..9. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    public static final int HEIGHT = 28;
    public static final int WIDTH = 28;
    /** The target's name. */
    public static final String TARGET_NAME = "label";
    /** The benchmark protocol's permutation seed. */
    public static final long BENCHMARK_SEED = 12345L;
    /** Rows of the 60k training images in the benchmark's training and validation parts. */
    public static final int BENCHMARK_TRAIN_ROWS = 55_000;
    public static final int BENCHMARK_VALIDATION_ROWS = 5_000;
    /** The OOD sets are made from this many first test images. */
    public static final int OOD_ROWS = 2_000;
    /** The seed of the {@link Ood#NOISE} set that the benchmark and the {@code fashion-mnist-noise} source use. */
    public static final long OOD_NOISE_SEED = 12345L;

    private static final int TRAIN_ROWS = 60_000;
    private static final List<String> PIXEL_NAMES = pixelNames();

    private FashionMnist() {
    }

    /** The training (60k) and test (10k) tables. */
    public record TrainTest(Dataset train, Dataset test) {
    }

    /** The benchmark's training (55k) and validation (5k) parts of the 60k training images. */
    public record BenchmarkSplit(Dataset train, Dataset validation) {
    }

    /** The protocol's OOD transformations of test images. */
    public enum Ood {
        /** Rotated 180 degrees (flipped horizontally and vertically); keeps the labels. */
        FLIP,
        /** {@code 1 - x}; keeps the labels. */
        INVERT,
        /** i.i.d. uniform [0, 1) pixels from {@code SplittableRandom(seed)}, row-major; no labels. */
        NOISE
    }

    /** Both tables from {@code dir}. */
    public static TrainTest load(Path dir) {
        return new TrainTest(loadTrain(dir), loadTest(dir));
    }

    /** The 60,000 training images of {@code dir}. */
    public static Dataset loadTrain(Path dir) {
        return loadPart(dir, "train");
    }

    /** The 10,000 {@code t10k} test images of {@code dir}. */
    public static Dataset loadTest(Path dir) {
        return loadPart(dir, "t10k");
    }

    /** The names {@code pixel0..pixel783}. */
    public static List<String> featureNames() {
        return PIXEL_NAMES;
    }

    /**
     * The benchmark split: the 60k training rows permuted by {@link Splits#permutation}
     * ({@code n = 60000}, seed {@link #BENCHMARK_SEED}); the first 55,000 of the permutation train, the
     * last 5,000 are the validation / calibration split.
     *
     * @throws IllegalArgumentException unless {@code train} has 60,000 rows
     */
    public static BenchmarkSplit benchmarkSplit(Dataset train) {
        if (train.rows() != TRAIN_ROWS) {
            throw new IllegalArgumentException("the benchmark split expects the " + TRAIN_ROWS
                    + " Fashion-MNIST training images, found " + train.rows() + " rows");
        }
        Splits.TrainValidation s = Splits.trainValidationRows(TRAIN_ROWS, BENCHMARK_VALIDATION_ROWS, BENCHMARK_SEED);
        return new BenchmarkSplit(s.train(train), s.validation(train));
    }

    /**
     * An OOD set from the first {@link #OOD_ROWS} rows of {@code test}. Works for any feature shape whose
     * last two dimensions are height and width (the flip reverses each channel's pixels).
     *
     * @param seed used by {@link Ood#NOISE} only
     * @throws IllegalArgumentException when {@code test} has fewer than 2,000 rows
     */
    public static Dataset ood(Dataset test, Ood kind, long seed) {
        if (test.rows() < OOD_ROWS) {
            throw new IllegalArgumentException("OOD sets are made from the first " + OOD_ROWS
                    + " test images, found " + test.rows() + " rows");
        }
        Dataset first = test.slice(0, OOD_ROWS);
        float[] x = first.features(); // a copy owned here
        int[] shape = first.featureShape();
        switch (kind) {
            case FLIP -> rotate180(x, shape);
            case INVERT -> {
                for (int i = 0; i < x.length; i++) {
                    x[i] = 1f - x[i];
                }
            }
            case NOISE -> {
                SplittableRandom rng = new SplittableRandom(seed);
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rng.nextDouble();
                }
                return first.withoutTargets();
            }
            default -> throw new IllegalArgumentException("unknown OOD kind " + kind);
        }
        return first;
    }

    /** Reverses each channel's plane: the last two dimensions are rows and columns. */
    private static void rotate180(float[] x, int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("a flip needs images (shape [..., height, width]), found shape "
                    + Arrays.toString(shape));
        }
        int plane = shape[shape.length - 1] * shape[shape.length - 2];
        for (int start = 0; start < x.length; start += plane) {
            for (int i = start, j = start + plane - 1; i < j; i++, j--) {
                float t = x[i];
                x[i] = x[j];
                x[j] = t;
            }
        }
    }

    /** The images and labels files of the training ({@code train}) or test ({@code t10k}) part in {@code dir}. */
    static Path[] files(Path dir, boolean train) {
        String prefix = train ? "train" : "t10k";
        return new Path[] {find(dir, prefix + "-images-idx3-ubyte"), find(dir, prefix + "-labels-idx1-ubyte")};
    }

    /**
     * Unlabelled 28x28 images from one IDX3 file (an MNIST-like set prepared elsewhere, e.g. as an OOD
     * set), as the Fashion-MNIST tables hold theirs: pixels {@code x / 255}, shape {@code [1, 28, 28]},
     * feature names {@code pixel0..pixel783}.
     *
     * @throws DataException when the file is missing, not an IDX3 unsigned-byte file or not of 28x28 images
     */
    public static Dataset loadImages(Path imagesFile) {
        IdxReader.IdxArray images = readImages(imagesFile);
        return Dataset.unlabeled(scaled(images), images.dims()[0], new int[] {1, HEIGHT, WIDTH}, PIXEL_NAMES);
    }

    private static Dataset loadPart(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": no Fashion-MNIST directory (install it with "
                    + "'apt-get install dataset-fashion-mnist', or give fashion-mnist:DIR)");
        }
        Path imagesFile = find(dir, prefix + "-images-idx3-ubyte");
        Path labelsFile = find(dir, prefix + "-labels-idx1-ubyte");
        IdxReader.IdxArray images = readImages(imagesFile);
        IdxReader.IdxArray labels = IdxReader.readLabels(labelsFile);
        int n = images.dims()[0];
        if (labels.dims()[0] != n) {
            throw new DataException(labelsFile + ": has " + labels.dims()[0] + " labels, " + imagesFile.getFileName()
                    + " has " + n + " images");
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.unsigned(i);
            if (y[i] >= CLASS_NAMES.size()) {
                throw new DataException(labelsFile + ": label at index " + i + " is " + y[i] + ", expected 0.."
                        + (CLASS_NAMES.size() - 1));
            }
        }
        return Dataset.classification(scaled(images), n, new int[] {1, HEIGHT, WIDTH}, PIXEL_NAMES, y, CLASS_NAMES,
                TARGET_NAME);
    }

    /** An IDX3 file of 28x28 images. */
    private static IdxReader.IdxArray readImages(Path imagesFile) {
        IdxReader.IdxArray images = IdxReader.readImages(imagesFile);
        int[] dims = images.dims();
        if (dims[1] != HEIGHT || dims[2] != WIDTH) {
            throw new DataException(imagesFile + ": images are " + dims[1] + "x" + dims[2] + ", expected "
                    + HEIGHT + "x" + WIDTH);
        }
        return images;
    }

    /** The pixels as {@code x / 255}. */
    private static float[] scaled(IdxReader.IdxArray images) {
        float[] scale = new float[256];
        for (int v = 0; v < 256; v++) {
            scale[v] = v / 255f;
        }
        byte[] raw = images.data();
        float[] x = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            x[i] = scale[raw[i] & 0xff];
        }
        return x;
    }

    private static Path find(Path dir, String base) {
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new DataException(dir + ": missing " + base + " (or " + base + ".gz)");
    }

    private static List<String> pixelNames() {
        List<String> names = new ArrayList<>(HEIGHT * WIDTH);
        for (int i = 0; i < HEIGHT * WIDTH; i++) {
            names.add("pixel" + i);
        }
        return Collections.unmodifiableList(names);
    }
}
