package org.bdl4j.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The Mahalanobis score against a brute-force computation: the class means and the shared covariance
 * summed directly, Σ + εI inverted by EJML's LU-based {@code invert}, and the quadratic form evaluated for
 * every class. The detector holds its factor in float32 (as it is saved), so the two agree to about 1e-6
 * relative.
 */
class MahalanobisDetectorTest {
    private static final int WIDTH = 4;
    private static final int CLASSES = 3;

    @Test
    void equalsTheQuadraticFormComputedByBruteForce() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 60;
        float[] z = new float[n * WIDTH];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % CLASSES;
            for (int j = 0; j < WIDTH; j++) {
                // correlated features with class-dependent means
                z[i * WIDTH + j] = (float) (y[i] * (j + 1) + r.nextGaussian() + (j > 0 ? 0.5 * z[i * WIDTH] : 0));
            }
        }
        float[] probe = new float[5 * WIDTH];
        for (int i = 0; i < probe.length; i++) {
            probe[i] = (float) (3 * r.nextGaussian());
        }
        MahalanobisDetector fitted = MahalanobisDetector.fit(z, WIDTH, y, CLASSES);
        double[] got = fitted.scores(probe);
        double[] expected = bruteForce(z, y, n, probe);
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).isCloseTo(expected[i], within(1e-5 * expected[i]));
        }
        Map<String, float[]> saved = fitted.arrays();
        assertThat(MahalanobisDetector.fromArrays(saved.get("lower"), saved.get("means")).scores(probe))
                .containsExactly(got);
    }

    /**
     * On the training rows, the mean squared distance to the row's own class mean is tr(Σ⁻¹Σ) = d exactly
     * (up to the ridge); the score takes the closest class, so its mean is at most d, and close to d when
     * the classes are far apart.
     */
    @Test
    void theMeanTrainingScoreIsTheDimensionForSeparatedClasses() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 3000;
        float[] z = new float[n * WIDTH];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % CLASSES;
            for (int j = 0; j < WIDTH; j++) {
                z[i * WIDTH + j] = (float) (40 * y[i] + r.nextGaussian() * (j + 1));
            }
        }
        double[] s = MahalanobisDetector.fit(z, WIDTH, y, CLASSES).scores(z);
        double mean = java.util.Arrays.stream(s).average().orElseThrow();
        assertThat(mean).isCloseTo(WIDTH, within(1e-4));
    }

    /** A feature that never varies gets the ridge, not a division by zero. */
    @Test
    void aConstantFeatureKeepsTheScoreFinite() {
        float[] z = {0, 1, 0, 2, 0, 3, 0, 5};
        int[] y = {0, 0, 1, 1};
        MahalanobisDetector d = MahalanobisDetector.fit(z, 2, y, 2);
        double[] s = d.scores(new float[] {0, 1.5f, 1, 1.5f});
        assertThat(s[0]).isFinite().isLessThan(1);
        assertThat(s[1]).isFinite().isGreaterThan(1e5);
    }

    private static double[] bruteForce(float[] z, int[] y, int n, float[] probe) {
        double[][] mean = new double[CLASSES][WIDTH];
        int[] count = new int[CLASSES];
        for (int i = 0; i < n; i++) {
            count[y[i]]++;
            for (int j = 0; j < WIDTH; j++) {
                mean[y[i]][j] += z[i * WIDTH + j];
            }
        }
        for (int c = 0; c < CLASSES; c++) {
            for (int j = 0; j < WIDTH; j++) {
                mean[c][j] /= count[c];
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(WIDTH, WIDTH);
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < WIDTH; a++) {
                for (int b = 0; b < WIDTH; b++) {
                    cov.add(a, b, (z[i * WIDTH + a] - mean[y[i]][a]) * (z[i * WIDTH + b] - mean[y[i]][b]) / n);
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < WIDTH; a++) {
            trace += cov.get(a, a);
        }
        for (int a = 0; a < WIDTH; a++) {
            cov.add(a, a, MahalanobisDetector.RELATIVE_RIDGE * trace / WIDTH);
        }
        DMatrixRMaj inv = new DMatrixRMaj(WIDTH, WIDTH);
        CommonOps_DDRM.invert(cov, inv);
        int rows = probe.length / WIDTH;
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                double q = 0;
                for (int a = 0; a < WIDTH; a++) {
                    for (int b = 0; b < WIDTH; b++) {
                        q += (probe[i * WIDTH + a] - mean[c][a]) * inv.get(a, b) * (probe[i * WIDTH + b] - mean[c][b]);
                    }
                }
                best = Math.min(best, q);
            }
            out[i] = best;
        }
        return out;
    }
}
