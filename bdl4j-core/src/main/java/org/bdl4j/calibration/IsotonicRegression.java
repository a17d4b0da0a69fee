package org.bdl4j.calibration;

import java.util.Arrays;
import java.util.Objects;

/**
 * Weighted isotonic (non-decreasing) least-squares regression: the fitted values f_1 &lt;= ... &lt;= f_m
 * at the distinct inputs x_(1) &lt; ... &lt; x_(m) minimise Σ_i w_i (y_i - f(x_i))², computed by the
 * pool-adjacent-violators algorithm (Ayer, Brunk, Ewing, Reid and Silverman, Ann. Math. Statist. 26,
 * 1955; Barlow et al., "Statistical inference under order restrictions", 1972) in O(n log n) for the
 * sort and O(n) for the pooling. Equal inputs are first merged into one point with their weighted
 * mean and summed weight. {@link #predict} interpolates linearly between the fitted points and is
 * constant beyond them (as scikit-learn's {@code IsotonicRegression(out_of_bounds="clip")}).
 */
public final class IsotonicRegression {
    private final double[] x;
    private final double[] f;

    private IsotonicRegression(double[] x, double[] f) {
        this.x = x;
        this.f = f;
    }

    /**
     * Fits the non-decreasing regression of {@code y} on {@code x}.
     *
     * @param weights positive weights, or null for all 1
     */
    public static IsotonicRegression fit(double[] x, double[] y, double[] weights) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("x has 0 entries, expected at least 1");
        }
        if (y.length != n || (weights != null && weights.length != n)) {
            throw new IllegalArgumentException("x, y and weights need equal lengths, found " + n + ", " + y.length
                    + ", " + (weights == null ? n : weights.length));
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("x[" + i + "] = " + x[i] + " and y[" + i + "] = " + y[i]
                        + ", expected finite values");
            }
            if (weights != null && !(weights[i] > 0 && Double.isFinite(weights[i]))) {
                throw new IllegalArgumentException("weights[" + i + "] = " + weights[i] + ", expected a finite value > 0");
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        // merge equal x into (x, weighted mean of y, summed weight)
        double[] ux = new double[n];
        double[] uy = new double[n];
        double[] uw = new double[n];
        int m = 0;
        for (int r = 0; r < n; r++) {
            int i = order[r];
            double w = weights == null ? 1 : weights[i];
            if (m > 0 && x[i] == ux[m - 1]) {
                uy[m - 1] += w * y[i];
                uw[m - 1] += w;
            } else {
                ux[m] = x[i];
                uy[m] = w * y[i];
                uw[m] = w;
                m++;
            }
        }
        for (int j = 0; j < m; j++) {
            uy[j] /= uw[j];
        }
        // pool adjacent violators: blocks [start_b, start_{b+1}) with weighted means
        double[] value = new double[m];
        double[] weight = new double[m];
        int[] start = new int[m + 1];
        int blocks = 0;
        for (int j = 0; j < m; j++) {
            value[blocks] = uy[j];
            weight[blocks] = uw[j];
            start[blocks] = j;
            blocks++;
            while (blocks > 1 && value[blocks - 2] > value[blocks - 1]) {
                double w = weight[blocks - 2] + weight[blocks - 1];
                value[blocks - 2] = (weight[blocks - 2] * value[blocks - 2] + weight[blocks - 1] * value[blocks - 1]) / w;
                weight[blocks - 2] = w;
                blocks--;
            }
        }
        start[blocks] = m;
        double[] fitted = new double[m];
        for (int b = 0; b < blocks; b++) {
            Arrays.fill(fitted, start[b], start[b + 1], value[b]);
        }
        return new IsotonicRegression(Arrays.copyOf(ux, m), fitted);
    }

    /** The fitted function at {@code v}: linear between the fitted points, constant beyond them. */
    public double predict(double v) {
        return Interpolation.linear(x, f, v);
    }

    /** The distinct inputs, increasing (a copy). */
    public double[] x() {
        return x.clone();
    }

    /** The fitted values at {@link #x()}, non-decreasing (a copy). */
    public double[] fitted() {
        return f.clone();
    }
}
