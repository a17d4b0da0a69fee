package org.bdl4j.laplace;

import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.math.Softmax;

/**
 * Monte Carlo over the linearised network's logits: f_s = f* + L ε_s with Σ_f = L Lᵀ (a C x C
 * Cholesky per input, with a relative jitter if Σ_f is singular) and ε_s ~ N(0, I), seeded.
 */
final class GlmSampler {
    private GlmSampler() {}

    static ClassificationPredictive sample(double[] mean, double[] cov, int n, int c, int samples,
            SplittableRandom rng, List<String> names) {
        float[][][] probs = new float[samples][n][c];
        double[] l = new double[c * c];
        double[] eps = new double[c];
        double[] f = new double[c];
        double[] p = new double[c];
        for (int i = 0; i < n; i++) {
            cholesky(cov, i * c * c, c, l);
            for (int s = 0; s < samples; s++) {
                for (int k = 0; k < c; k++) {
                    eps[k] = rng.nextGaussian();
                }
                for (int a = 0; a < c; a++) {
                    double v = mean[i * c + a];
                    for (int b = 0; b <= a; b++) {
                        v += l[a * c + b] * eps[b];
                    }
                    f[a] = v;
                }
                Softmax.of(f, p);
                for (int k = 0; k < c; k++) {
                    probs[s][i][k] = (float) p[k];
                }
            }
        }
        return ClassificationPredictive.ofSamples(probs, names, false);
    }

    /** The lower Cholesky factor of the C x C block at {@code offset}, semi-definite tolerated. */
    static void cholesky(double[] a, int offset, int c, double[] l) {
        double trace = 0;
        for (int k = 0; k < c; k++) {
            trace += a[offset + k * c + k];
        }
        double jitter = 1e-10 * Math.max(trace / c, 1e-300);
        java.util.Arrays.fill(l, 0);
        for (int i = 0; i < c; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[offset + i * c + j] + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i * c + k] * l[j * c + k];
                }
                if (i == j) {
                    l[i * c + i] = Math.sqrt(Math.max(s, 0));
                } else {
                    l[i * c + j] = l[j * c + j] > 0 ? s / l[j * c + j] : 0;
                }
            }
        }
    }
}
