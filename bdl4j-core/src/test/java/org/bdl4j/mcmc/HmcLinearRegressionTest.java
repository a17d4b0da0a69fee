package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.api.Test;

/**
 * HMC against the exact posterior of Bayesian linear regression with known noise σ and prior
 * N(0, 1/λ) on (w, b): with A = [X, 1], Σ = (AᵀA/σ² + λI)⁻¹ and μ = Σ Aᵀy/σ², computed here in
 * double precision (3x3 Gauss–Jordan inverse).
 */
class HmcLinearRegressionTest {
    static final double SIGMA = 0.5;
    static final double LAMBDA = 2.0;

    static MapPosterior knownNoiseModel(Dataset train) {
        NetworkSpec linear = NetworkSpec.mlp(new int[] {2}, new int[0], Activation.RELU, 0f, 1);
        JsonObject info = new JsonObject();
        info.addProperty("priorPrecision", LAMBDA);
        return new MapPosterior(Network.create(linear, DropoutMode.STANDARD, 3), Likelihood.GAUSSIAN,
                ModelSchema.of(train, false), SIGMA, info, 3);
    }

    /** [μ (3), Σ (3x3)] in the flat order (w1, w2, b). */
    static double[][] exactPosterior(Dataset train) {
        int n = train.rows();
        float[] x = train.features();
        double[][] prec = new double[3][3];
        double[] rhs = new double[3];
        for (int r = 0; r < n; r++) {
            double[] a = {x[2 * r], x[2 * r + 1], 1};
            for (int i = 0; i < 3; i++) {
                rhs[i] += a[i] * train.targets()[r] / (SIGMA * SIGMA);
                for (int j = 0; j < 3; j++) {
                    prec[i][j] += a[i] * a[j] / (SIGMA * SIGMA);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            prec[i][i] += LAMBDA;
        }
        double[][] cov = invert(prec);
        double[][] out = new double[4][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[0][i] += cov[i][j] * rhs[j];
                out[1 + i][j] = cov[i][j];
            }
        }
        return out;
    }

    /**
     * 2 chains x 400 draws. Margins from the worst ESS over the parameters (reported by the run):
     * mean within 5 √(Σ_ii/ESS), covariance within 5 √((Σ_ii Σ_jj + Σ_ij²)/ESS).
     */
    @Test
    void sampleMomentsMatchTheClosedFormPosterior() {
        Dataset train = TestTables.linearRegression(40, new double[] {0.8, -0.4}, 0.3, SIGMA, 1.0, 21);
        double[][] exact = exactPosterior(train);
        Hmc hmc = Hmc.builder().optLeapfrogSteps(8).optWarmup(150).optDraws(400).optChains(2).optSeed(5).build();
        try (MapPosterior map = knownNoiseModel(train); SampleEnsemblePosterior post = hmc.fit(map, train)) {
            JsonObject d = post.diagnostics();
            double ess = d.get("minEss").getAsDouble();
            System.out.println("HMC linear regression diagnostics: " + d);
            assertThat(d.get("maxSplitRhat").getAsDouble()).isLessThan(1.05);
            assertThat(ess).isGreaterThan(100);
            int s = post.size();
            assertThat(s).isEqualTo(800);
            double[] mean = new double[3];
            for (int k = 0; k < s; k++) {
                float[] t = post.sample(k);
                for (int i = 0; i < 3; i++) {
                    mean[i] += t[i] / (double) s;
                }
            }
            double[][] cov = new double[3][3];
            for (int k = 0; k < s; k++) {
                float[] t = post.sample(k);
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        cov[i][j] += (t[i] - mean[i]) * (t[j] - mean[j]) / (s - 1.0);
                    }
                }
            }
            for (int i = 0; i < 3; i++) {
                double[] sig = exact[1 + i];
                assertThat(mean[i]).isCloseTo(exact[0][i], within(5 * Math.sqrt(sig[i] / ess)));
                for (int j = 0; j < 3; j++) {
                    double se = Math.sqrt((exact[1 + i][i] * exact[1 + j][j] + sig[j] * sig[j]) / ess);
                    assertThat(cov[i][j]).isCloseTo(sig[j], within(5 * se));
                }
            }
        }
    }

    static double[][] invert(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] tmp = a[c];
            a[c] = a[piv];
            a[piv] = tmp;
            double d = a[c][c];
            for (int k = 0; k < 2 * n; k++) {
                a[c][k] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = a[r][c];
                    for (int k = 0; k < 2 * n; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
