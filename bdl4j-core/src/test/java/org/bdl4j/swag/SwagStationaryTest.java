package org.bdl4j.swag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.bdl4j.BayesianLinearRegression;
import org.bdl4j.data.Dataset;
import org.bdl4j.train.MapPosterior;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

/**
 * SWAG's moments against the exact stationary distribution of the SGD iteration it runs, on Bayesian
 * linear regression with known noise σ and a prior that matters ({@link BayesianLinearRegression#smallData()},
 * 10 rows, λ = 20), minibatches of 5 rows, momentum μ = 0.9 and the default learning rate.
 *
 * <p>For a linear-Gaussian model the heavy-ball step on batch S is affine in the state z = (θ, v):
 * with A_S = (1/|S|) Σ_{b∈S} a_b a_bᵀ/σ² + (λ/N) I and r_S = (1/|S|) Σ_{b∈S} y_b a_b/σ² (a_b = (x_b, 1)),
 *
 * <pre>
 *   v' = μ v + A_S θ − r_S,    θ' = θ − η v'    ⇔    z' = M_S z + c_S.
 * </pre>
 *
 * An epoch is the first batch S (a uniformly random half of the rows) then its complement, so the
 * snapshot taken at each epoch's end follows z' = F z + g with (F, g) = (M_{Sᶜ} M_S, M_{Sᶜ} c_S + c_{Sᶜ})
 * drawn independently each epoch from the 252 equally likely halves. Its stationary moments are exact:
 * m = (I − E F)⁻¹ E g and the second moment Q solves Q = E[F Q Fᵀ] + E[F m gᵀ + g mᵀ Fᵀ + g gᵀ], a
 * 36 x 36 linear system in vec(Q) with the matrix E[F ⊗ F]; the snapshots' covariance is Q − m mᵀ.
 * Here it is computed by enumerating the 252 halves in double precision: no approximation of SGD's
 * noise (the Mandt et al. 2017 Lyapunov equation is only its small-step limit).
 *
 * <p>Margins: the snapshots are autocorrelated, with lag-k covariance (E F)ᵏ C, so the effective
 * sample sizes follow from the same closed form: E/(1 + 2 Σ ρ_k) for a mean and E/(1 + 2 Σ ρ_k²)
 * for a variance (ρ_k the lag-k autocorrelation of the weight; the second is exact for a Gaussian
 * process, and the margin of 4.5 standard errors leaves room for the iteration's heavier tails). The
 * variance margins come out at most 16%, so SWAG's diagonal off by a factor 2 (or a weight decay,
 * momentum or 1/|B| scaling dropped) fails the test.
 */
class SwagStationaryTest {
    private static final int N = 10;
    private static final int BATCH = 5;
    private static final int P = 3;
    private static final int EPOCHS = 10_000;
    private static final double Z = 4.5;

    @Test
    void snapshotsHaveTheStationaryMomentsOfMinibatchSgdOnAQuadratic() {
        Dataset train = BayesianLinearRegression.smallData();
        double lambda = BayesianLinearRegression.STRONG_LAMBDA;
        double momentum = SwagMethod.MOMENTUM.defaultValue();
        double[][] precision = BayesianLinearRegression.precision(train, lambda);
        double h = BayesianLinearRegression.largestEigenvalue(precision) / N;
        double eta = Math.min(Swag.MAX_LEARNING_RATE, (1 + momentum) / h); // the documented default
        Stationary exact = Stationary.of(train, lambda, eta, momentum);
        try (MapPosterior map = BayesianLinearRegression.knownNoiseModel(train, lambda)) {
            float[] start = new float[P];
            for (int i = 0; i < P; i++) {
                start[i] = (float) exact.mean[i];
            }
            map.network().setParameters(start); // the transient would bias the variance by about 1/E per epoch of memory
            try (SwagPosterior post = Swag.builder().optEpochs(EPOCHS).optBatchSize(BATCH).optRank(EPOCHS / 2)
                    .optSeed(5).build().fit(map, train)) {
                assertThat(post.diagnostics().get("swagLearningRate").getAsDouble()).isCloseTo(eta,
                        within(1e-3 * eta));
                float[] mean = post.mean();
                float[] variance = post.variance();
                float[][] dev = post.deviations();
                double[][] lowRank = new double[P][P];
                for (float[] d : dev) {
                    for (int i = 0; i < P; i++) {
                        for (int j = 0; j < P; j++) {
                            lowRank[i][j] += d[i] * (double) d[j] / (dev.length - 1);
                        }
                    }
                }
                double[] essMean = new double[P];
                double[] essVar = new double[P];
                for (int i = 0; i < P; i++) {
                    essMean[i] = EPOCHS / exact.integratedAutocorrelation(i, false);
                    essVar[i] = EPOCHS / exact.integratedAutocorrelation(i, true);
                    System.out.printf("SWAG stationary: weight %d mean %.5f (exact %.5f), variance %.3e (exact %.3e,"
                            + " posterior %.3e), ESS %.0f / %.0f%n", i, mean[i], exact.mean[i], variance[i],
                            exact.cov[i][i], BayesianLinearRegression.exactPosterior(train, lambda)[1 + i][i],
                            essMean[i], essVar[i]);
                    double relative = Z * Math.sqrt(2 / essVar[i]);
                    assertThat(relative).as("the variance margin of weight %d", i).isLessThan(0.16);
                    assertThat((double) mean[i]).as("mean of weight %d", i)
                            .isCloseTo(exact.mean[i], within(Z * Math.sqrt(exact.cov[i][i] / essMean[i])));
                    assertThat((double) variance[i]).as("variance of weight %d", i)
                            .isCloseTo(exact.cov[i][i], within(relative * exact.cov[i][i]));
                }
                for (int i = 0; i < P; i++) {
                    for (int j = 0; j < P; j++) {
                        double ess = Math.min(essVar[i], essVar[j]) * dev.length / EPOCHS;
                        double se = Math.sqrt((exact.cov[i][i] * exact.cov[j][j] + exact.cov[i][j] * exact.cov[i][j])
                                / ess);
                        assertThat(lowRank[i][j]).as("DDᵀ/(K-1) at (%d, %d)", i, j)
                                .isCloseTo(exact.cov[i][j], within(Z * se));
                    }
                }
            }
        }
    }

    /** The exact stationary mean and covariance of the epoch-end snapshots, and their autocorrelation. */
    private record Stationary(double[] mean, double[][] cov, SimpleMatrix meanTransition, SimpleMatrix stateCov) {
        static Stationary of(Dataset train, double lambda, double eta, double momentum) {
            float[] x = train.features();
            float[] y = train.targets();
            int d = 2 * P;
            List<SimpleMatrix[]> epochs = new ArrayList<>();
            for (int mask = 0; mask < 1 << N; mask++) {
                if (Integer.bitCount(mask) != BATCH) {
                    continue;
                }
                SimpleMatrix[] first = step(x, y, mask, lambda, eta, momentum);
                SimpleMatrix[] second = step(x, y, ~mask & ((1 << N) - 1), lambda, eta, momentum);
                epochs.add(new SimpleMatrix[] {second[0].mult(first[0]), second[0].mult(first[1]).plus(second[1])});
            }
            double w = 1.0 / epochs.size();
            SimpleMatrix ef = new SimpleMatrix(d, d);
            SimpleMatrix eg = new SimpleMatrix(d, 1);
            SimpleMatrix eff = new SimpleMatrix(d * d, d * d);
            for (SimpleMatrix[] fg : epochs) {
                ef = ef.plus(w, fg[0]);
                eg = eg.plus(w, fg[1]);
                eff = eff.plus(w, fg[0].kron(fg[0]));
            }
            SimpleMatrix m = SimpleMatrix.identity(d).minus(ef).solve(eg);
            SimpleMatrix rest = new SimpleMatrix(d, d);
            for (SimpleMatrix[] fg : epochs) {
                SimpleMatrix fm = fg[0].mult(m);
                rest = rest.plus(w, fm.mult(fg[1].transpose()).plus(fg[1].mult(fm.transpose()))
                        .plus(fg[1].mult(fg[1].transpose())));
            }
            SimpleMatrix vecRest = new SimpleMatrix(d * d, 1);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    vecRest.set(i * d + j, rest.get(i, j)); // row-major vec: vec(F Q Fᵀ) = (F ⊗ F) vec(Q)
                }
            }
            SimpleMatrix vecQ = SimpleMatrix.identity(d * d).minus(eff).solve(vecRest);
            SimpleMatrix stateCov = new SimpleMatrix(d, d);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    stateCov.set(i, j, vecQ.get(i * d + j) - m.get(i) * m.get(j));
                }
            }
            double[] mean = new double[P];
            double[][] cov = new double[P][P];
            for (int i = 0; i < P; i++) {
                mean[i] = m.get(i);
                for (int j = 0; j < P; j++) {
                    cov[i][j] = stateCov.get(i, j);
                }
            }
            return new Stationary(mean, cov, ef, stateCov);
        }

        /** One heavy-ball step on the rows in {@code mask}: [M_S, c_S]. */
        private static SimpleMatrix[] step(float[] x, float[] y, int mask, double lambda, double eta, double mu) {
            SimpleMatrix a = SimpleMatrix.identity(P).scale(lambda / N);
            SimpleMatrix r = new SimpleMatrix(P, 1);
            double sigma2 = BayesianLinearRegression.SIGMA * BayesianLinearRegression.SIGMA;
            for (int b = 0; b < N; b++) {
                if ((mask >> b & 1) == 0) {
                    continue;
                }
                double[] row = {x[2 * b], x[2 * b + 1], 1};
                for (int i = 0; i < P; i++) {
                    r.set(i, r.get(i) + row[i] * y[b] / (BATCH * sigma2));
                    for (int j = 0; j < P; j++) {
                        a.set(i, j, a.get(i, j) + row[i] * row[j] / (BATCH * sigma2));
                    }
                }
            }
            SimpleMatrix id = SimpleMatrix.identity(P);
            SimpleMatrix big = new SimpleMatrix(2 * P, 2 * P);
            big.insertIntoThis(0, 0, id.minus(a.scale(eta)));
            big.insertIntoThis(0, P, id.scale(-eta * mu));
            big.insertIntoThis(P, 0, a);
            big.insertIntoThis(P, P, id.scale(mu));
            SimpleMatrix c = new SimpleMatrix(2 * P, 1);
            c.insertIntoThis(0, 0, r.scale(eta));
            c.insertIntoThis(P, 0, r.scale(-1));
            return new SimpleMatrix[] {big, c};
        }

        /** 1 + 2 Σ_{k≥1} ρ_k (or ρ_k²) for weight i, with Cov(z_{t+k}, z_t) = (E F)ᵏ C. */
        double integratedAutocorrelation(int i, boolean squared) {
            double sum = 1;
            SimpleMatrix lag = stateCov;
            for (int k = 1; k < 100_000; k++) {
                lag = meanTransition.mult(lag);
                double rho = lag.get(i, i) / stateCov.get(i, i);
                sum += 2 * (squared ? rho * rho : rho);
                if (Math.abs(rho) < 1e-9) {
                    break;
                }
            }
            return Math.max(sum, 1);
        }
    }
}
