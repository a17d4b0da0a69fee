package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A linear model with a Gaussian likelihood (no hidden layer), fixed σ and λ: the Laplace
 * posterior is the exact Bayesian linear-regression posterior. The reference is the closed form in
 * plain double arithmetic written out here (Bishop 2006, §3.3 and §3.5):
 *
 * <pre>
 *   S = (X̃ᵀX̃/σ² + λI)⁻¹,  m = S X̃ᵀy/σ²,  var(x) = x̃ᵀ S x̃ + σ²,
 *   log p(y) = log N(y | 0, σ² I + X̃ X̃ᵀ/λ),
 * </pre>
 *
 * with X̃ = (X, 1). The network is set to m (rounded to float32, which moves the log joint only at
 * second order), and FULL and KRON (exact here: one output, constant Λ = 1/σ²) must agree to
 * 1e-6 relative.
 */
class LinearRegressionExactnessTest {
    private static final int N = 40;
    private static final int D = 2;
    private static final double SIGMA = 0.3;
    private static final double LAMBDA = 2.0;

    @ParameterizedTest
    @EnumSource(value = HessianStructure.class, names = {"FULL", "KRON"})
    void predictiveVarianceAndEvidenceEqualTheClosedForms(HessianStructure structure) {
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = new float[N * D];
        float[] y = new float[N];
        for (int i = 0; i < N; i++) {
            x[i * D] = (float) rng.nextGaussian();
            x[i * D + 1] = (float) (2 * rng.nextDouble() - 1);
            y[i] = (float) (0.7 * x[i * D] - 1.2 * x[i * D + 1] + 0.4 + SIGMA * rng.nextGaussian());
        }
        Dataset train = Dataset.regression(x, N, new int[] {D}, Dataset.defaultFeatureNames(D), y, "y");
        int p = D + 1;
        double[][] xt = new double[N][p];
        for (int i = 0; i < N; i++) {
            xt[i][0] = x[i * D];
            xt[i][1] = x[i * D + 1];
            xt[i][2] = 1;
        }
        // closed-form posterior
        double[][] prec = new double[p][p];
        double[] rhs = new double[p];
        for (int i = 0; i < N; i++) {
            for (int a = 0; a < p; a++) {
                rhs[a] += xt[i][a] * y[i] / (SIGMA * SIGMA);
                for (int b = 0; b < p; b++) {
                    prec[a][b] += xt[i][a] * xt[i][b] / (SIGMA * SIGMA);
                }
            }
        }
        for (int a = 0; a < p; a++) {
            prec[a][a] += LAMBDA;
        }
        double[][] s = invert(prec);
        double[] m = new double[p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                m[a] += s[a][b] * rhs[b];
            }
        }
        // closed-form evidence: log N(y | 0, K), K = σ² I + X̃X̃ᵀ/λ
        double[][] k = new double[N][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double dot = 0;
                for (int a = 0; a < p; a++) {
                    dot += xt[i][a] * xt[j][a];
                }
                k[i][j] = dot / LAMBDA + (i == j ? SIGMA * SIGMA : 0);
            }
        }
        double[][] kinv = invert(k);
        double quad = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                quad += y[i] * kinv[i][j] * y[j];
            }
        }
        double evidence = -0.5 * quad - 0.5 * logDet(k) - 0.5 * N * Math.log(2 * Math.PI);

        NetworkSpec spec = NetworkSpec.mlp(new int[] {D}, new int[0], Activation.TANH, 0f, 1);
        Network net = Network.create(spec, DropoutMode.STANDARD, 1);
        net.setParameters(new float[] {(float) m[0], (float) m[1], (float) m[2]});
        // the MAP was "trained" with another σ; the Laplace builder sets the one of the closed form
        try (MapPosterior map = new MapPosterior(net, Likelihood.GAUSSIAN, ModelSchema.of(train, false), 1.0,
                new JsonObject(), 1);
                LaplacePosterior post = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(structure)
                        .optSigmaNoise(SIGMA).priorPrecision(PriorPrecision.fixed(LAMBDA)).build().fit(train)) {
            assertThat(post.parameterCount()).isEqualTo(p);
            assertThat(post.logMarginalLikelihood(LAMBDA)).isCloseTo(evidence, within(1e-6 * Math.abs(evidence)));

            float[] q = {0.3f, -0.8f, 2.5f, 1.5f, -3f, 0f};
            RegressionPredictive pred = post.predictRegression(Dataset.unlabeled(q, 3, new int[] {D},
                    Dataset.defaultFeatureNames(D)));
            for (int r = 0; r < 3; r++) {
                double[] v = {q[r * D], q[r * D + 1], 1};
                double fvar = 0;
                double mean = 0;
                for (int a = 0; a < p; a++) {
                    mean += m[a] * v[a];
                    for (int b = 0; b < p; b++) {
                        fvar += v[a] * s[a][b] * v[b];
                    }
                }
                assertThat(pred.epistemicVariance()[r]).isCloseTo(fvar, within(1e-6 * fvar));
                assertThat(pred.totalVariance()[r]).isCloseTo(fvar + SIGMA * SIGMA, within(1e-6 * (fvar + SIGMA * SIGMA)));
                assertThat(pred.mean()[r]).isCloseTo(mean, within(1e-5 * (1 + Math.abs(mean))));
            }

            // the NN predictive (network at weight samples) is the same Gaussian for a linear model:
            // 4,000 draws estimate the variance to about 2.2 % (sd), the tolerance is 10 %
            try (LaplacePosterior nn = Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(structure)
                    .optSigmaNoise(SIGMA).priorPrecision(PriorPrecision.fixed(LAMBDA)).prediction(PredictionType.NN)
                    .optSamples(4000).optSeed(7).build().fit(train)) {
                RegressionPredictive sampled = nn.predictRegression(Dataset.unlabeled(q, 3, new int[] {D},
                        Dataset.defaultFeatureNames(D)));
                for (int r = 0; r < 3; r++) {
                    assertThat(sampled.epistemicVariance()[r]).isCloseTo(pred.epistemicVariance()[r],
                            within(0.1 * pred.epistemicVariance()[r]));
                    assertThat(sampled.mean()[r]).isCloseTo(pred.mean()[r],
                            within(5 * Math.sqrt(pred.epistemicVariance()[r] / 4000)));
                }
            }

            // At another λ, θ* is no longer the posterior mean m_λ; from log p(D) = log p(D, θ) - log p(θ | D)
            // at θ = θ*, the Laplace estimate is exactly log p(D | λ) - ½ (θ* - m_λ)ᵀ S_λ⁻¹ (θ* - m_λ).
            double[] theta = {(float) m[0], (float) m[1], (float) m[2]};
            for (double lambda : new double[] {0.1, 0.5, 8.0, 50.0}) {
                double[][] precL = new double[p][p];
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        precL[a][b] = prec[a][b] - (a == b ? LAMBDA - lambda : 0);
                    }
                }
                double[][] sL = invert(precL);
                double[] mL = new double[p];
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        mL[a] += sL[a][b] * rhs[b];
                    }
                }
                double gap = 0;
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        gap += (theta[a] - mL[a]) * precL[a][b] * (theta[b] - mL[b]);
                    }
                }
                double expected = closedFormEvidence(xt, y, lambda) - 0.5 * gap;
                assertThat(post.logMarginalLikelihood(lambda)).as("λ = %s", lambda)
                        .isCloseTo(expected, within(1e-6 * Math.abs(expected)));
            }
            // and the marginal-likelihood search finds the maximiser of that function
            double best = post.setPriorPrecision(PriorPrecision.marginalLikelihood());
            assertThat(post.logMarginalLikelihood(best)).isGreaterThanOrEqualTo(post.logMarginalLikelihood(best * 1.01))
                    .isGreaterThanOrEqualTo(post.logMarginalLikelihood(best / 1.01));

            // the same identity with another noise σ' (likelihood and curvature rescaled)
            for (double[] ls : new double[][] {{0.5, 0.2}, {5.0, 0.6}}) {
                double lambda = ls[0];
                double sd = ls[1];
                double[][] precS = new double[p][p];
                double[] rhsS = new double[p];
                for (int i = 0; i < N; i++) {
                    for (int a = 0; a < p; a++) {
                        rhsS[a] += xt[i][a] * y[i] / (sd * sd);
                        for (int b = 0; b < p; b++) {
                            precS[a][b] += xt[i][a] * xt[i][b] / (sd * sd) + (a == b && i == 0 ? lambda : 0);
                        }
                    }
                }
                double[][] sS = invert(precS);
                double gap = 0;
                double[] mS = new double[p];
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        mS[a] += sS[a][b] * rhsS[b];
                    }
                }
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        gap += (theta[a] - mS[a]) * precS[a][b] * (theta[b] - mS[b]);
                    }
                }
                double expected = closedFormEvidence(xt, y, lambda, sd) - 0.5 * gap;
                assertThat(post.logMarginalLikelihood(lambda, sd)).as("λ = %s, σ = %s", lambda, sd)
                        .isCloseTo(expected, within(1e-6 * Math.abs(expected)));
            }

            // joint (σ, λ) choice: a local maximum in both coordinates, and the predictive then uses
            // S = (X̃ᵀX̃/σ² + λI)⁻¹ and σ² of the chosen values
            double sd = post.optimizeSigmaNoise(PriorPrecision.marginalLikelihood());
            double lambda = post.priorPrecision();
            double at = post.logMarginalLikelihood(lambda, sd);
            assertThat(at).isGreaterThanOrEqualTo(post.logMarginalLikelihood(lambda, sd * 1.01))
                    .isGreaterThanOrEqualTo(post.logMarginalLikelihood(lambda, sd / 1.01))
                    .isGreaterThanOrEqualTo(post.logMarginalLikelihood(lambda * 1.01, sd))
                    .isGreaterThanOrEqualTo(post.logMarginalLikelihood(lambda / 1.01, sd));
            double[][] precJ = new double[p][p];
            for (int i = 0; i < N; i++) {
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        precJ[a][b] += xt[i][a] * xt[i][b] / (sd * sd);
                    }
                }
            }
            for (int a = 0; a < p; a++) {
                precJ[a][a] += lambda;
            }
            double[][] sJ = invert(precJ);
            RegressionPredictive predJ = post.predictRegression(Dataset.unlabeled(q, 3, new int[] {D},
                    Dataset.defaultFeatureNames(D)));
            for (int r = 0; r < 3; r++) {
                double[] v = {q[r * D], q[r * D + 1], 1};
                double fvar = 0;
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        fvar += v[a] * sJ[a][b] * v[b];
                    }
                }
                assertThat(predJ.epistemicVariance()[r]).isCloseTo(fvar, within(1e-6 * fvar));
                assertThat(predJ.aleatoricVariance()[r]).isCloseTo(sd * sd, within(1e-12));
            }
        }
    }

    private static double closedFormEvidence(double[][] xt, float[] y, double lambda) {
        return closedFormEvidence(xt, y, lambda, SIGMA);
    }

    private static double closedFormEvidence(double[][] xt, float[] y, double lambda, double sigma) {
        int n = xt.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int a = 0; a < xt[i].length; a++) {
                    dot += xt[i][a] * xt[j][a];
                }
                k[i][j] = dot / lambda + (i == j ? sigma * sigma : 0);
            }
        }
        double[][] kinv = invert(k);
        double quad = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                quad += y[i] * kinv[i][j] * y[j];
            }
        }
        return -0.5 * quad - 0.5 * logDet(k) - 0.5 * n * Math.log(2 * Math.PI);
    }

    /** Gauss-Jordan inverse with partial pivoting. */
    static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] w = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, w[i], 0, n);
            w[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(w[r][c]) > Math.abs(w[piv][c])) {
                    piv = r;
                }
            }
            double[] t = w[c];
            w[c] = w[piv];
            w[piv] = t;
            double d = w[c][c];
            for (int j = 0; j < 2 * n; j++) {
                w[c][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = w[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        w[r][j] -= f * w[c][j];
                    }
                }
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(w[i], n, out[i], 0, n);
        }
        return out;
    }

    /** log det of an SPD matrix by an unpivoted LU (Gaussian elimination). */
    static double logDet(double[][] a) {
        int n = a.length;
        double[][] w = new double[n][];
        for (int i = 0; i < n; i++) {
            w[i] = a[i].clone();
        }
        double s = 0;
        for (int c = 0; c < n; c++) {
            s += Math.log(w[c][c]);
            for (int r = c + 1; r < n; r++) {
                double f = w[r][c] / w[c][c];
                for (int j = c; j < n; j++) {
                    w[r][j] -= f * w[c][j];
                }
            }
        }
        return s;
    }
}
