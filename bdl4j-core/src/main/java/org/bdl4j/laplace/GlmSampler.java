package org.bdl4j.laplace;

import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.math.SmallCholesky;
import org.bdl4j.math.Softmax;

/**
 * Monte Carlo over the linearised network's logits: f_s = f* + L ε_s with Σ_f = L Lᵀ (a C x C
 * Cholesky per input, with a relative jitter if Σ_f is singular) and ε_s ~ N(0, I), seeded.
 *
 * <p>The S draws ε_1..ε_S are drawn once and shared by every input (common random numbers), so an
 * input's predictive depends only on its own f* and Σ_f and the seed, not on the other rows predicted
 * with it or its position among them: one row alone, a batch, a chunk or a Spark partition give it the
 * same probabilities. Each input's average is still an unbiased S-sample Monte Carlo estimate.
 */
final class GlmSampler {
    /** The diagonal jitter relative to the mean variance of Σ_f. */
    private static final double JITTER = 1e-10;

    private GlmSampler() {}

    static ClassificationPredictive sample(double[] mean, double[] cov, int n, int c, int samples,
            SplittableRandom rng, List<String> names) {
        float[][][] probs = new float[samples][n][c];
        double[][] draws = new double[samples][c];
        for (double[] d : draws) {
            for (int k = 0; k < c; k++) {
                d[k] = rng.nextGaussian();
            }
        }
        double[] l = new double[c * c];
        double[] f = new double[c];
        double[] p = new double[c];
        for (int i = 0; i < n; i++) {
            cholesky(cov, i * c * c, c, l);
            for (int s = 0; s < samples; s++) {
                double[] eps = draws[s];
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
        return ClassificationPredictive.ofSamples(probs, names,
                ClassificationPredictive.keepsSamples(probs.length, probs[0].length, names.size()));
    }

    /**
     * The lower Cholesky factor of the C x C block at {@code offset}, semi-definite tolerated (a relative
     * jitter of 1e-10; {@link SmallCholesky#factorSemiDefinite}).
     */
    static void cholesky(double[] a, int offset, int c, double[] l) {
        SmallCholesky.factorSemiDefinite(a, offset, c, JITTER, l);
    }
}
