package org.bdl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.data.Dataset;

/** Small seeded tables for tests, generated here so that each test states its own data. */
public final class TestTables {
    private TestTables() {}

    /** y = x·w + b + N(0, noise²) with x ~ N(0, scale²) per feature. */
    public static Dataset linearRegression(int n, double[] w, double b, double noise, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = w.length;
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double t = b;
            for (int j = 0; j < d; j++) {
                double v = scale * gaussian(r);
                x[i * d + j] = (float) v;
                t += w[j] * v;
            }
            y[i] = (float) (t + noise * gaussian(r));
        }
        return Dataset.regression(x, n, new int[] {d}, Dataset.defaultFeatureNames(d), y, "y");
    }

    /** k Gaussian blobs in d dimensions with centres 3·e_(class mod d) (sign alternating), unit spread. */
    public static Dataset blobs(int n, int d, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(k);
            y[i] = c;
            for (int j = 0; j < d; j++) {
                double centre = (j == c % d) ? (c / d % 2 == 0 ? 3 : -3) : 0;
                x[i * d + j] = (float) (centre + gaussian(r));
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add("class" + c);
        }
        return Dataset.classification(x, n, new int[] {d}, Dataset.defaultFeatureNames(d), y, names, "label");
    }

    /**
     * n one-channel size x size images of two classes: a bright vertical bar (class 0) or horizontal
     * bar (class 1) through a random row or column, on N(0, 0.3²) noise.
     */
    public static Dataset bars(int n, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int pixels = size * size;
        float[] x = new float[n * pixels];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(2);
            int line = r.nextInt(size);
            for (int row = 0; row < size; row++) {
                for (int col = 0; col < size; col++) {
                    boolean on = y[i] == 0 ? col == line : row == line;
                    x[i * pixels + row * size + col] = (float) ((on ? 1 : 0) + 0.3 * gaussian(r));
                }
            }
        }
        return Dataset.classification(x, n, new int[] {1, size, size}, Dataset.defaultFeatureNames(pixels), y,
                List.of("vertical", "horizontal"), "label");
    }

    public static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** The resident set size of this process in kB, from /proc/self/status (Linux). */
    public static long residentKb() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
