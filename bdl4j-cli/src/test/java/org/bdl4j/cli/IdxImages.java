package org.bdl4j.cli;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Small Fashion-MNIST-shaped directories that the command-line tests write (IDX files as in the format's spec). */
final class IdxImages {
    private IdxImages() {}

    /** {@code PREFIX-images-idx3-ubyte} and {@code PREFIX-labels-idx1-ubyte} of n 28x28 images. */
    static void write(Path dir, String prefix, int n, byte[] pixels, byte[] labels) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte")))) {
            header(out, 0x803, n, 28, 28);
            out.write(pixels);
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte")))) {
            header(out, 0x801, n);
            out.write(labels);
        }
    }

    /** n images of ten classes: class k has rows 2k + 4 and 2k + 5 bright, noise elsewhere. */
    static void writeBars(Path dir, String prefix, int n, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(10);
            labels[i] = (byte) k;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                boolean bar = row == 2 * k + 4 || row == 2 * k + 5;
                pixels[i * 784 + p] = (byte) (bar ? 200 + rng.nextInt(56) : rng.nextInt(60));
            }
        }
        write(dir, prefix, n, pixels, labels);
    }

    private static void header(DataOutputStream out, int magic, int... dims) throws IOException {
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
    }
}
