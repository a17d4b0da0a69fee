package org.bdl4j.active;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bdl4j.Likelihood;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Task;
import org.bdl4j.data.ToyData;
import org.bdl4j.ensemble.DeepEnsemble;
import org.bdl4j.ensemble.EnsembleOptions;
import org.bdl4j.method.FitRequest;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;

/**
 * The expected reduction in variance ({@link VarianceReduction}, {@link Acquisition#VARIANCE_REDUCTION})
 * against references that do not use its S x S form: the explicit n x n covariance, the closed form of a
 * Bayesian linear model, and the behaviour expected on a pool with a gap.
 */
class VarianceReductionTest {
    /** Five rows, four hand-made function samples (S x n), and the aleatoric variance of each row. */
    private static final float[][] FIVE = {
        {1.0f, 0.9f, -0.2f, 0.0f, 0.5f},
        {-1.0f, -0.8f, 0.3f, 0.1f, 0.4f},
        {0.5f, 0.6f, 1.0f, -0.3f, -0.6f},
        {-0.5f, -0.7f, -1.1f, 0.2f, -0.3f}};
    private static final double[] FIVE_NOISE = {0.1, 0.1, 0.5, 0.05, 0.2};

    /**
     * The reference: Σ_ij = (1/S) Σ_s (f_s(x_i) − m_i)(f_s(x_j) − m_j) built as an n x n matrix, ΔV(x) =
     * Σ_j Σ_jx² / (Σ_xx + σ²_x) for every row not taken, the largest taken (ties: the lower index), and
     * Σ ← Σ − Σ_{:,x} Σ_{x,:} / (Σ_xx + σ²_x) written out entry by entry. Returns the picks and their ΔV.
     */
    private static double[][] bruteForce(float[][] f, double[] noise, int k) {
        int s = f.length;
        int n = f[0].length;
        double[] m = new double[n];
        for (float[] sample : f) {
            for (int i = 0; i < n; i++) {
                m[i] += sample[i] / (double) s;
            }
        }
        double[][] cov = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (float[] sample : f) {
                    cov[i][j] += (sample[i] - m[i]) * (sample[j] - m[j]) / s;
                }
            }
        }
        boolean[] taken = new boolean[n];
        double[][] out = new double[2][k];
        for (int step = 0; step < k; step++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < n; x++) {
                double num = 0;
                for (int j = 0; j < n; j++) {
                    num += cov[j][x] * cov[j][x];
                }
                double score = num / (cov[x][x] + noise[x]);
                if (!taken[x] && score > bestScore) {
                    best = x;
                    bestScore = score;
                }
            }
            taken[best] = true;
            out[0][step] = best;
            out[1][step] = bestScore;
            double d = cov[best][best] + noise[best];
            double[] col = new double[n];
            for (int j = 0; j < n; j++) {
                col[j] = cov[j][best];
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    cov[i][j] -= col[i] * col[j] / d;
                }
            }
        }
        return out;
    }

    /**
     * The greedy batch of 3 from five rows equals the explicit n x n computation, picks and ΔV alike (by
     * numpy as well: picks 1, 2, 4 with ΔV 1.0996, 0.2684, 0.1140), and differs from the top-3 epistemic
     * variance (rows 0, 2, 1): row 1 reduces more in total than row 0, whose variance is larger, and once
     * it is chosen row 0, almost its copy, has little left.
     */
    @Test
    void greedyBatchEqualsTheExplicitCovarianceComputation() {
        double[][] reference = bruteForce(FIVE, FIVE_NOISE, 3);
        double[] scores = new double[3];
        int[] picks = VarianceReduction.select(FIVE, FIVE_NOISE, 3, scores);
        assertThat(picks).containsExactly(Arrays.stream(reference[0]).mapToInt(v -> (int) v).toArray());
        assertThat(picks).containsExactly(1, 2, 4);
        assertThat(scores).containsExactly(reference[1], within(1e-12));
        assertThat(scores).containsExactly(new double[] {1.099574, 0.268394, 0.113953}, within(1e-6));
        RegressionPredictive p = RegressionPredictive.ofSamples(FIVE, FIVE_NOISE, true);
        assertThat(Acquirer.select(Acquisition.VARIANCE_REDUCTION, p, 5, 3, 0)).containsExactly(1, 2, 4);
        assertThat(Acquirer.select(Acquisition.EPISTEMIC_VARIANCE, p, 5, 3, 0)).containsExactly(0, 2, 1);
        assertThat(Acquirer.select(Acquisition.VARIANCE_REDUCTION, p, 5, 9, 0)).hasSize(5).doesNotHaveDuplicates();
    }

    /** A random pool of 60 rows and 25 samples, a batch of 10: the S x S form against the n x n one. */
    @Test
    void largerRandomPoolsAgreeWithTheExplicitComputation() {
        SplittableRandom r = new SplittableRandom(5);
        float[][] f = new float[25][60];
        double[] noise = new double[60];
        for (int i = 0; i < 60; i++) {
            noise[i] = 0.01 + r.nextDouble();
        }
        for (float[] sample : f) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            for (int i = 0; i < 60; i++) {
                sample[i] = (float) (3 + a * Math.sin(i / 7.0) + b * Math.cos(i / 3.0) + 0.3 * r.nextGaussian());
            }
        }
        double[][] reference = bruteForce(f, noise, 10);
        double[] scores = new double[10];
        int[] picks = VarianceReduction.select(f, noise, 10, scores);
        assertThat(picks).containsExactly(Arrays.stream(reference[0]).mapToInt(v -> (int) v).toArray());
        for (int k = 0; k < 10; k++) {
            assertThat(scores[k]).isCloseTo(reference[1][k], within(1e-10 * reference[1][0]));
        }
    }

    /**
     * A Bayesian linear model f(x) = w·x with 4 weight samples w = w̄ ± √2 L_k (L the Cholesky factor of
     * C = [[2, 0.5], [0.5, 1]]), whose sample covariance is exactly C: Σ = X C Xᵀ, so by the closed form
     * ΔV(x) = ‖X C x‖² / (xᵀ C x + σ²_x), and after labelling x the posterior covariance of w is
     * C' = C − C x xᵀ C / (xᵀ C x + σ²_x), which gives the second step's ΔV the same way.
     */
    @Test
    void bayesianLinearModelMatchesTheClosedForm() {
        double[][] c = {{2, 0.5}, {0.5, 1}};
        double l11 = Math.sqrt(2);
        double l21 = 0.5 / l11;
        double l22 = Math.sqrt(1 - l21 * l21);
        double[][] columns = {{l11, l21}, {0, l22}};
        double[] wbar = {1, -1};
        double[][] w = new double[4][];
        for (int k = 0; k < 2; k++) {
            for (int sign = 0; sign < 2; sign++) {
                double z = (sign == 0 ? 1 : -1) * Math.sqrt(2);
                w[2 * k + sign] = new double[] {wbar[0] + z * columns[k][0], wbar[1] + z * columns[k][1]};
            }
        }
        double[][] x = {{1, 0}, {0, 1}, {1, 1}, {1, -1}, {2, 0.5}, {-0.5, 1.5}};
        double[] noise = {0.3, 0.1, 0.2, 0.5, 0.05, 0.4};
        int n = x.length;
        float[][] f = new float[4][n];
        for (int s = 0; s < 4; s++) {
            for (int i = 0; i < n; i++) {
                f[s][i] = (float) (w[s][0] * x[i][0] + w[s][1] * x[i][1]);
            }
        }
        double[] closed = closedForm(c, x, noise);
        double[] got = VarianceReduction.reductions(f, noise);
        for (int i = 0; i < n; i++) {
            assertThat(got[i]).as("row %d", i).isCloseTo(closed[i], within(1e-5 * closed[i]));
        }
        int first = IntStream.range(0, n).boxed().max((a, b) -> Double.compare(closed[a], closed[b])).orElseThrow();
        double[] scores = new double[2];
        int[] picks = VarianceReduction.select(f, noise, 2, scores);
        assertThat(picks[0]).isEqualTo(first);
        assertThat(scores[0]).isCloseTo(closed[first], within(1e-5 * closed[first]));
        double[] cx = times(c, x[first]);
        double d = dot(x[first], cx) + noise[first];
        double[][] conditioned = new double[2][2];
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 2; q++) {
                conditioned[p][q] = c[p][q] - cx[p] * cx[q] / d;
            }
        }
        double[] after = closedForm(conditioned, x, noise);
        after[first] = Double.NEGATIVE_INFINITY;
        int second = IntStream.range(0, n).boxed().max((a, b) -> Double.compare(after[a], after[b])).orElseThrow();
        assertThat(picks[1]).isEqualTo(second);
        assertThat(scores[1]).isCloseTo(after[second], within(1e-5 * after[second]));
    }

    /** ‖X C x_i‖² / (x_iᵀ C x_i + σ²_i) per row. */
    private static double[] closedForm(double[][] c, double[][] x, double[] noise) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] cx = times(c, x[i]);
            double num = 0;
            for (double[] xj : x) {
                double cov = dot(xj, cx);
                num += cov * cov;
            }
            out[i] = num / (dot(x[i], cx) + noise[i]);
        }
        return out;
    }

    private static double[] times(double[][] c, double[] v) {
        return new double[] {c[0][0] * v[0] + c[0][1] * v[1], c[1][0] * v[0] + c[1][1] * v[1]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1];
    }

    /**
     * A 1-D pool on [−2, 2] (step 0.1) whose labelled data lie outside the gap (−1, 1): 200 function
     * samples f_s(x) = Σ_k w_sk exp(−(x − c_k)² / (2·0.4²)) over centres c_k every 0.5, with weights of
     * standard deviation 1 at the centres inside the gap (|c_k| ≤ 0.5) and 0.1 at those the data pin
     * down. The first pick lies in the gap, where the epistemic variance exceeds that anywhere outside;
     * the second, after conditioning, lies at least 0.3 from it, while the top-2 epistemic variance are
     * neighbours on the grid (checked in numpy over 20 seeds: first pick at |x| ≤ 0.1, second 0.4 or
     * 0.5 away).
     */
    @Test
    void aBatchSpreadsOverTheGapWhereTopVarianceTakesNeighbours() {
        int n = 41;
        double[] x = IntStream.range(0, n).mapToDouble(i -> -2 + 0.1 * i).toArray();
        double[] centres = IntStream.range(0, 9).mapToDouble(k -> -2 + 0.5 * k).toArray();
        SplittableRandom r = new SplittableRandom(11);
        float[][] f = new float[200][n];
        for (float[] sample : f) {
            for (double ck : centres) {
                double wk = r.nextGaussian() * (Math.abs(ck) <= 0.5 ? 1.0 : 0.1);
                for (int i = 0; i < n; i++) {
                    sample[i] += (float) (wk * Math.exp(-(x[i] - ck) * (x[i] - ck) / (2 * 0.4 * 0.4)));
                }
            }
        }
        double[] noise = new double[n];
        Arrays.fill(noise, 0.05);
        RegressionPredictive p = RegressionPredictive.ofSamples(f, noise, true);
        int[] picks = Acquirer.select(Acquisition.VARIANCE_REDUCTION, p, n, 2, 0);
        double x1 = x[picks[0]];
        double x2 = x[picks[1]];
        assertThat(Math.abs(x1)).as("first pick %s", x1).isLessThanOrEqualTo(0.3);
        double outside = IntStream.range(0, n).filter(i -> Math.abs(x[i]) >= 1 - 1e-9)
                .mapToDouble(i -> p.epistemicVariance()[i]).max().orElseThrow();
        assertThat(p.epistemicVariance()[picks[0]]).isGreaterThan(5 * outside);
        assertThat(Math.abs(x2)).as("second pick %s", x2).isLessThan(1);
        assertThat(Math.abs(x2 - x1)).as("picks %s, %s", x1, x2).isGreaterThanOrEqualTo(0.3 - 1e-9);
        int[] top = Acquirer.select(Acquisition.EPISTEMIC_VARIANCE, p, n, 2, 0);
        assertThat(Math.abs(x[top[0]] - x[top[1]])).isCloseTo(0.1, within(1e-9));
    }

    /** A predictive without samples (MAP, closed-form Laplace) gets one line naming what is missing. */
    @Test
    void aPredictiveWithoutSamplesIsRefusedInOneLine() {
        RegressionPredictive point = new RegressionPredictive(new double[3], new double[] {1, 1, 1}, new double[3]);
        assertThatThrownBy(() -> Acquirer.select(Acquisition.VARIANCE_REDUCTION, point, 3, 2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("variance_reduction needs the posterior's per-sample means, which this predictive did not"
                        + " keep (a method without samples, or S·n above 16777216 values: use a smaller pool)");
        assertThat(Acquisition.parse("variance_reduction", Task.REGRESSION)).isEqualTo(Acquisition.VARIANCE_REDUCTION);
        assertThat(Acquisition.VARIANCE_REDUCTION.needsSamples()).isTrue();
        assertThatThrownBy(() -> Acquisition.parse("variance_reduction", Task.CLASSIFICATION))
                .hasMessageContaining("(classification), found 'variance_reduction'");
        assertThatThrownBy(() -> Acquisition.parse("x", Task.REGRESSION)).hasMessage("acquisition must be variance,"
                + " epistemic_variance, variance_reduction or random (regression), found 'x'");
    }

    /**
     * A deep ensemble's regression predictive keeps one function sample per member, in the target's units:
     * their average is mean() and their population variance epistemicVariance(), to float precision; and
     * the acquisition runs on it through {@link Acquirer#next}.
     */
    @Test
    void anEnsemblesSampleMeansAverageToItsMeanAndSpreadAsItsEpistemicVariance() {
        Dataset train = ToyData.regressionGap(120, 3);
        FitRequest request = FitRequest.builder(train).likelihood(Likelihood.HETEROSCEDASTIC_GAUSSIAN)
                .network(NetworkSpec.mlp(new int[] {1}, new int[] {16}, Activation.TANH, 0f, 2))
                .trainer(MapTrainer.builder().optEpochs(20).optBatchSize(32).build()).seed(4).build();
        try (DeepEnsemble e = DeepEnsemble.fit(request, EnsembleOptions.of(4))) {
            Dataset grid = ToyData.grid(-3, 3, 61);
            RegressionPredictive p = e.predictRegression(grid);
            float[][] f = p.sampleMeans().orElseThrow();
            assertThat(f.length).isEqualTo(4);
            for (int i = 0; i < grid.rows(); i++) {
                double m = 0;
                double scale = 0;
                for (float[] sample : f) {
                    m += sample[i] / 4.0;
                    scale = Math.max(scale, Math.abs(sample[i]));
                }
                double v = 0;
                for (float[] sample : f) {
                    v += (sample[i] - m) * (sample[i] - m) / 4.0;
                }
                double ulp = Math.ulp((float) scale);
                assertThat(m).as("row %d", i).isCloseTo(p.mean()[i], within(2 * ulp));
                assertThat(v).as("row %d", i).isCloseTo(p.epistemicVariance()[i],
                        within(1e-5 * p.epistemicVariance()[i] + 4 * ulp * Math.sqrt(v + ulp * ulp)));
            }
            int[] picks = Acquirer.next(e, grid, 5, Acquisition.VARIANCE_REDUCTION, 0);
            assertThat(picks).hasSize(5).doesNotHaveDuplicates();
            assertThat(picks).containsExactly(VarianceReduction.select(f, p.aleatoricVariance(), 5));
        }
    }
}
