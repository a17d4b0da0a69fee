package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

/**
 * The default Laplace configuration (last layer, KFAC, GGN) on a three-class network, against a brute
 * force written out here from the MAP's weights: the hidden features φ_n = tanh(W₁x_n + b₁) and the
 * class probabilities p_n computed by hand, the Kronecker factors of the last layer in its augmented
 * layout [out, in + 1] (Martens &amp; Grosse 2015, with the sum-times-mean scaling of laplace-torch),
 *
 * <pre>
 *   A = Σ_n ã_n ã_nᵀ,  ã_n = (φ_n, 1);   G = (1/N) Σ_n (diag p_n − p_n p_nᵀ);
 *   Σ = (G ⊗ A + λI)⁻¹  (a dense 27 x 27 matrix, inverted by EJML);
 *   Σ_f(x*)[k, k'] = ã*ᵀ Σ_(k,·),(k',·) ã*   (the Jacobian of the logits is I_C ⊗ ã*ᵀ),
 * </pre>
 *
 * which the posterior's linearised output covariances must equal. At C = 3 the off-diagonal terms of
 * G and of Σ_f are not zero, so a mistake in the class coupling fails.
 */
class LastLayerKfacClassificationTest {
    private static final int HIDDEN = 8;
    private static final int C = 3;
    private static final double LAMBDA = 3.0;

    @Test
    void linearisedLogitCovariancesEqualTheBruteForceKronecker() {
        Dataset train = TestTables.blobs(90, 2, C, 5);
        Dataset test = TestTables.blobs(6, 2, C, 6);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {HIDDEN}, Activation.TANH, 0f, C);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).standardize(false).trainer(MapTrainer.builder().optEpochs(40).optSeed(1).build())
                .seed(1).build());
                LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.LAST_LAYER)
                        .hessian(HessianStructure.KRON).curvature(CurvatureType.GGN)
                        .priorPrecision(PriorPrecision.fixed(LAMBDA)).build().fit(train)) {
            float[] theta = map.network().parameters();
            int in = HIDDEN + 1;
            double[][] a = new double[in][in];
            double[][] g = new double[C][C];
            for (int n = 0; n < train.rows(); n++) {
                double[] at = augmentedFeatures(theta, train.features(), n);
                double[] p = probabilities(theta, at);
                for (int i = 0; i < in; i++) {
                    for (int j = 0; j < in; j++) {
                        a[i][j] += at[i] * at[j];
                    }
                }
                for (int k = 0; k < C; k++) {
                    for (int l = 0; l < C; l++) {
                        g[k][l] += ((k == l ? p[k] : 0) - p[k] * p[l]) / train.rows();
                    }
                }
            }
            SimpleMatrix precision = new SimpleMatrix(C * in, C * in);
            for (int k = 0; k < C; k++) {
                for (int l = 0; l < C; l++) {
                    for (int i = 0; i < in; i++) {
                        for (int j = 0; j < in; j++) {
                            precision.set(k * in + i, l * in + j, g[k][l] * a[i][j] + (k == l && i == j ? LAMBDA : 0));
                        }
                    }
                }
            }
            SimpleMatrix sigma = precision.invert();
            LinearisedOutputs lin = post.linearise(test, false);
            for (int r = 0; r < test.rows(); r++) {
                double[] at = augmentedFeatures(theta, test.features(), r);
                double[] logits = logits(theta, at);
                for (int k = 0; k < C; k++) {
                    assertThat(lin.mean()[r * C + k]).as("logit %d of row %d", k, r).isCloseTo(logits[k], within(1e-4));
                    for (int l = 0; l < C; l++) {
                        double expected = 0;
                        for (int i = 0; i < in; i++) {
                            for (int j = 0; j < in; j++) {
                                expected += at[i] * sigma.get(k * in + i, l * in + j) * at[j];
                            }
                        }
                        assertThat(lin.covariance(r, k, l)).as("Σ_f[%d, %d] of row %d", k, l, r)
                                .isCloseTo(expected, within(1e-4 * Math.abs(expected) + 1e-7));
                    }
                }
            }
        }
    }

    /** (tanh(W₁x + b₁), 1) for row n, with W₁ (8 x 2) and b₁ first in θ. */
    private static double[] augmentedFeatures(float[] theta, float[] x, int n) {
        double[] out = new double[HIDDEN + 1];
        for (int h = 0; h < HIDDEN; h++) {
            double z = theta[2 * HIDDEN + h];
            for (int d = 0; d < 2; d++) {
                z += theta[h * 2 + d] * x[n * 2 + d];
            }
            out[h] = Math.tanh(z);
        }
        out[HIDDEN] = 1;
        return out;
    }

    /** W₂ã's logits with W₂ (3 x 8) and b₂ after the first layer in θ. */
    private static double[] logits(float[] theta, double[] at) {
        int w2 = 2 * HIDDEN + HIDDEN;
        double[] f = new double[C];
        for (int k = 0; k < C; k++) {
            f[k] = theta[w2 + C * HIDDEN + k];
            for (int h = 0; h < HIDDEN; h++) {
                f[k] += theta[w2 + k * HIDDEN + h] * at[h];
            }
        }
        return f;
    }

    private static double[] probabilities(float[] theta, double[] at) {
        double[] f = logits(theta, at);
        double max = Math.max(f[0], Math.max(f[1], f[2]));
        double s = 0;
        double[] p = new double[C];
        for (int k = 0; k < C; k++) {
            p[k] = Math.exp(f[k] - max);
            s += p[k];
        }
        for (int k = 0; k < C; k++) {
            p[k] /= s;
        }
        return p;
    }
}
