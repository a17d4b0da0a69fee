package org.bdl4j.linalg;

import org.bdl4j.math.SmallCholesky;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The Cholesky factorisation S = L Lᵀ of a symmetric positive definite n x n matrix, with
 * log det S = 2 Σ_i log L_ii, solves S x = b and the inverse S⁻¹. EJML factorises (blocked for large
 * n); the substitutions and the log-determinant are those of the small pure-Java
 * {@link SmallCholesky}.
 */
public final class Cholesky {
    private final int n;
    private final DMatrixRMaj lower;

    private Cholesky(int n, DMatrixRMaj lower) {
        this.n = n;
        this.lower = lower;
    }

    /**
     * Factorises the row-major n x n matrix {@code s} (only its lower triangle is read; not modified).
     *
     * @throws IllegalArgumentException if the sizes disagree or s is not (numerically) positive definite
     */
    public static Cholesky factor(double[] s, int n) {
        Matrices.checkSquare(s, n, "s");
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        System.arraycopy(s, 0, m.data, 0, n * n);
        for (int i = 0; i < n; i++) { // EJML's blocked decomposition reads the upper triangle: mirror the lower
            for (int j = i + 1; j < n; j++) {
                m.data[i * n + j] = m.data[j * n + i];
            }
        }
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        if (!chol.decompose(m)) {
            throw new IllegalArgumentException("matrix of size " + n + " is not positive definite");
        }
        DMatrixRMaj l = chol.getT(null);
        for (int i = 0; i < n; i++) {
            if (!(l.get(i, i) > 0) || !Double.isFinite(l.get(i, i))) {
                throw new IllegalArgumentException("matrix of size " + n + " is not positive definite (pivot " + i
                        + " is " + l.get(i, i) + ")");
            }
        }
        return new Cholesky(n, l);
    }

    public int size() {
        return n;
    }

    /** log det S = 2 Σ_i log L_ii. */
    public double logDet() {
        return SmallCholesky.logDet(lower.data, n);
    }

    /** The factor L, row-major n x n (a copy). */
    public double[] lower() {
        return lower.data.clone();
    }

    /** x = S⁻¹ b. */
    public double[] solve(double[] b) {
        double[] x = rightHandSide(b);
        SmallCholesky.solve(lower.data, n, x);
        return x;
    }

    /** x = L⁻ᵀ b (back substitution): for b ~ N(0, I), x ~ N(0, S⁻¹). */
    public double[] solveTransposed(double[] b) {
        double[] x = rightHandSide(b);
        SmallCholesky.backSubstitute(lower.data, n, x);
        return x;
    }

    /** A copy of b, to be solved in place, after checking its length. */
    private double[] rightHandSide(double[] b) {
        if (b.length != n) {
            throw new IllegalArgumentException("right-hand side has length " + b.length + ", expected " + n);
        }
        return b.clone();
    }

    /**
     * The diagonal of S⁻¹ = L⁻ᵀ L⁻¹: entry i is ‖L⁻¹ e_i‖², each column of L⁻¹ by forward
     * substitution from row i (about n³/6 multiply-adds, no n x n inverse).
     */
    public double[] inverseDiagonal() {
        double[] d = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int r = i; r < n; r++) {
                double v = r == i ? 1 : 0;
                int row = r * n;
                for (int k = i; k < r; k++) {
                    v -= lower.data[row + k] * x[k];
                }
                x[r] = v / lower.data[row + r];
                s += x[r] * x[r];
            }
            d[i] = s;
        }
        return d;
    }

    /** S⁻¹, row-major n x n. */
    public double[] inverse() {
        DMatrixRMaj s = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(lower, lower, s);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(n);
        if (!solver.setA(s)) {
            throw new IllegalStateException("matrix of size " + n + " lost positive definiteness");
        }
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        solver.invert(inv);
        return inv.data;
    }
}
