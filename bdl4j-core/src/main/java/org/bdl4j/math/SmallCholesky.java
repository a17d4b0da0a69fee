package org.bdl4j.math;

import java.util.Arrays;

/**
 * The Cholesky factorisation A = L Lᵀ of a small dense symmetric n x n matrix, row-major in a
 * {@code double[]}, by the Cholesky-Banachiewicz recurrence (row by row, only the lower triangle of
 * A read):
 *
 * <pre>
 *   L_ij = (A_ij - Σ_{k&lt;j} L_ik L_jk) / L_jj     (j &lt; i)
 *   L_ii = sqrt(A_ii - Σ_{k&lt;i} L_ik²)
 * </pre>
 *
 * with the solve A x = b by forward substitution L y = b and back substitution Lᵀ x = y, and
 * log det A = 2 Σ_i log L_ii. For the few-dimensional systems of calibration and of per-input
 * logit covariances; {@code org.bdl4j.linalg.Cholesky} factorises the large ones (EJML) and shares
 * the substitutions and the log-determinant of this class.
 *
 * <p>{@link #factor} is strict (positive definite, else no factor); {@link #factorSemiDefinite}
 * tolerates a positive semi-definite A (a covariance of rank &lt; n): it adds the jitter
 * ε · max(tr(A) / n, 1e-300) to the diagonal, clamps a negative pivot A_ii - Σ L_ik² to 0 and sets
 * the column below a zero pivot to 0, so L Lᵀ = A + εI up to rounding on the range of A.
 */
public final class SmallCholesky {
    private SmallCholesky() {}

    /**
     * Factorises the n x n block of {@code a} starting at {@code offset} into {@code l} (row-major,
     * zeros above the diagonal).
     *
     * @return false if a pivot is not &gt; 0 (A is not numerically positive definite, or has NaNs);
     *     {@code l} is then incomplete
     */
    public static boolean factor(double[] a, int offset, int n, double[] l) {
        return factor(a, offset, n, 0, false, l);
    }

    /**
     * Factorises the positive semi-definite n x n block of {@code a} starting at {@code offset} into
     * {@code l} with the relative diagonal jitter ε = {@code relativeJitter} (see the class comment).
     */
    public static void factorSemiDefinite(double[] a, int offset, int n, double relativeJitter, double[] l) {
        double trace = 0;
        for (int k = 0; k < n; k++) {
            trace += a[offset + k * n + k];
        }
        factor(a, offset, n, relativeJitter * Math.max(trace / n, 1e-300), true, l);
    }

    private static boolean factor(double[] a, int offset, int n, double jitter, boolean semiDefinite, double[] l) {
        Arrays.fill(l, 0, n * n, 0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[offset + i * n + j];
                if (i == j) {
                    s += jitter;
                }
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (!semiDefinite && !(s > 0)) {
                        return false;
                    }
                    l[i * n + i] = Math.sqrt(semiDefinite ? Math.max(s, 0) : s);
                } else {
                    l[i * n + j] = l[j * n + j] > 0 ? s / l[j * n + j] : 0;
                }
            }
        }
        return true;
    }

    /** Solves A x = b in place ({@code x} holds b on entry) with the factor L of A. */
    public static void solve(double[] l, int n, double[] x) {
        forwardSubstitute(l, n, x);
        backSubstitute(l, n, x);
    }

    /** Solves L y = b in place: y_i = (b_i - Σ_{k&lt;i} L_ik y_k) / L_ii. */
    public static void forwardSubstitute(double[] l, int n, double[] x) {
        for (int i = 0; i < n; i++) {
            double v = x[i];
            for (int k = 0; k < i; k++) {
                v -= l[i * n + k] * x[k];
            }
            x[i] = v / l[i * n + i];
        }
    }

    /** Solves Lᵀ x = y in place: x_i = (y_i - Σ_{k&gt;i} L_ki x_k) / L_ii, from the last row up. */
    public static void backSubstitute(double[] l, int n, double[] x) {
        for (int i = n - 1; i >= 0; i--) {
            double v = x[i];
            for (int k = i + 1; k < n; k++) {
                v -= l[k * n + i] * x[k];
            }
            x[i] = v / l[i * n + i];
        }
    }

    /** log det A = 2 Σ_i log L_ii from the factor L of A. */
    public static double logDet(double[] l, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(l[i * n + i]);
        }
        return 2 * s;
    }
}
