package org.bdl4j;

import com.google.gson.JsonObject;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;

/**
 * The exact posterior of Bayesian linear regression with known noise σ and prior N(0, 1/λ) on
 * (w, b), the reference for HMC and VI: with A = [X, 1], precision Λ = AᵀA/σ² + λI,
 * Σ = Λ⁻¹ and μ = Σ Aᵀy/σ², computed here in double precision (3x3 Gauss–Jordan inverse).
 */
public final class BayesianLinearRegression {
    public static final double SIGMA = 0.5;
    public static final double LAMBDA = 2.0;
    /** A prior precision comparable to the data's in {@link #smallData()} (about 40 per weight). */
    public static final double STRONG_LAMBDA = 20.0;

    private BayesianLinearRegression() {}

    /** 40 rows, y = 0.8 x1 - 0.4 x2 + 0.3 + N(0, 0.5²). */
    public static Dataset data() {
        return TestTables.linearRegression(40, new double[] {0.8, -0.4}, 0.3, SIGMA, 1.0, 21);
    }

    /**
     * 10 rows, y = 0.8 x1 - 0.4 x2 + 0.3 + N(0, 0.5²): the data's precision per weight, n E[x²]/σ², is
     * about 40, so that {@link #STRONG_LAMBDA} changes the posterior variance by about a third.
     */
    public static Dataset smallData() {
        return TestTables.linearRegression(10, new double[] {0.8, -0.4}, 0.3, SIGMA, 1.0, 22);
    }

    /** The precision matrix Λ with λ = {@link #LAMBDA}. */
    public static double[][] precision(Dataset train) {
        return precision(train, LAMBDA);
    }

    /** The precision matrix Λ = AᵀA/σ² + λI. */
    public static double[][] precision(Dataset train, double lambda) {
        int n = train.rows();
        float[] x = train.features();
        double[][] prec = new double[3][3];
        for (int r = 0; r < n; r++) {
            double[] a = {x[2 * r], x[2 * r + 1], 1};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    prec[i][j] += a[i] * a[j] / (SIGMA * SIGMA);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            prec[i][i] += lambda;
        }
        return prec;
    }

    /** The largest |eigenvalue| of a symmetric matrix, by EJML's eigen-decomposition. */
    public static double largestEigenvalue(double[][] symmetric) {
        org.ejml.simple.SimpleEVD<org.ejml.simple.SimpleMatrix> evd = new org.ejml.simple.SimpleMatrix(symmetric).eig();
        double top = 0;
        for (int i = 0; i < evd.getNumberOfEigenvalues(); i++) {
            top = Math.max(top, Math.abs(evd.getEigenvalue(i).getReal()));
        }
        return top;
    }

    /** A linear model with the known σ and λ = {@link #LAMBDA} recorded, as a MAP posterior to start from. */
    public static MapPosterior knownNoiseModel(Dataset train) {
        return knownNoiseModel(train, LAMBDA);
    }

    /** A linear model with the known σ and {@code lambda} recorded, as a MAP posterior to start from. */
    public static MapPosterior knownNoiseModel(Dataset train, double lambda) {
        NetworkSpec linear = NetworkSpec.mlp(new int[] {2}, new int[0], Activation.RELU, 0f, 1);
        JsonObject info = new JsonObject();
        info.addProperty("priorPrecision", lambda);
        return new MapPosterior(Network.create(linear, DropoutMode.STANDARD, 3), Likelihood.GAUSSIAN,
                ModelSchema.of(train, false), SIGMA, info, 3);
    }

    /** [μ (3), Σ (3x3)] in the flat order (w1, w2, b), with λ = {@link #LAMBDA}. */
    public static double[][] exactPosterior(Dataset train) {
        return exactPosterior(train, LAMBDA);
    }

    /** [μ (3), Σ (3x3)] in the flat order (w1, w2, b). */
    public static double[][] exactPosterior(Dataset train, double lambda) {
        float[] x = train.features();
        double[] rhs = new double[3];
        for (int r = 0; r < train.rows(); r++) {
            double[] a = {x[2 * r], x[2 * r + 1], 1};
            for (int i = 0; i < 3; i++) {
                rhs[i] += a[i] * train.targets()[r] / (SIGMA * SIGMA);
            }
        }
        double[][] prec = precision(train, lambda);
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

    public static double[][] invert(double[][] m) {
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
