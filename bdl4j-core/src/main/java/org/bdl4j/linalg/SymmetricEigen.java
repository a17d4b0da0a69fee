package org.bdl4j.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The eigendecomposition S = Q diag(v) Qᵀ of a symmetric n x n matrix: eigenvalues in ascending
 * order and orthonormal eigenvectors as the columns of Q. From {@value EngineEigen#MIN_SIZE} rows on it
 * is computed in the engine ({@link EngineEigen}: LAPACK's syevd, several threads), below in EJML (the
 * symmetric QR algorithm); an eigenvector's sign is whatever the solver returns.
 */
public final class SymmetricEigen {
    private final int n;
    private final double[] values;
    private final double[] vectors;

    private SymmetricEigen(int n, double[] values, double[] vectors) {
        this.n = n;
        this.values = values;
        this.vectors = vectors;
    }

    /** Decomposes the row-major n x n matrix {@code s}, symmetrised as (s + sᵀ)/2 first (not modified). */
    public static SymmetricEigen of(double[] s, int n) {
        double[] sym = checkedSymmetric(s, n);
        if (n == 0) {
            return new SymmetricEigen(0, new double[0], new double[0]);
        }
        if (n >= EngineEigen.MIN_SIZE) {
            double[][] vq = EngineEigen.decompose(sym, n, true);
            return new SymmetricEigen(n, vq[0], vq[1]);
        }
        DMatrixRMaj m = DMatrixRMaj.wrap(n, n, sym);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m)) {
            throw new IllegalArgumentException("the symmetric eigendecomposition of a " + n + " x " + n
                    + " matrix did not converge");
        }
        Integer[] order = new Integer[n];
        double[] raw = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            raw[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(raw[a], raw[b]));
        double[] values = new double[n];
        double[] q = new double[n * n];
        for (int k = 0; k < n; k++) {
            values[k] = raw[order[k]];
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += v.data[i] * v.data[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[i * n + k] = v.data[i] / norm;
            }
        }
        return new SymmetricEigen(n, values, q);
    }

    /**
     * The eigenvalues alone, ascending (no eigenvectors: cheaper, e.g. for log det(S + λI) =
     * Σ log(v_i + λ) at many λ).
     */
    public static double[] valuesOf(double[] s, int n) {
        double[] sym = checkedSymmetric(s, n);
        if (n == 0) {
            return new double[0];
        }
        if (n >= EngineEigen.MIN_SIZE) {
            return EngineEigen.decompose(sym, n, false)[0];
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(DMatrixRMaj.wrap(n, n, sym))) {
            throw new IllegalArgumentException("the symmetric eigendecomposition of a " + n + " x " + n
                    + " matrix did not converge");
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(v);
        return v;
    }

    /** (s + sᵀ)/2, refused with one line when an entry is not finite (no solver converges on it). */
    private static double[] checkedSymmetric(double[] s, int n) {
        double[] sym = Matrices.symmetrize(s, n);
        for (int i = 0; i < sym.length; i++) {
            if (!Double.isFinite(sym[i])) {
                throw new IllegalArgumentException("the symmetric eigendecomposition of a " + n + " x " + n
                        + " matrix needs finite entries, found " + sym[i] + " at (" + i / n + ", " + i % n + ")");
            }
        }
        return sym;
    }

    public int size() {
        return n;
    }

    /** The eigenvalues, ascending (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Q, row-major n x n; column k is the eigenvector of {@code values()[k]} (a copy). */
    public double[] vectors() {
        return vectors.clone();
    }

    /** Q diag(f(v)) Qᵀ for a function of the eigenvalues given as their new values. */
    public double[] reconstruct(double[] newValues) {
        if (newValues.length != n) {
            throw new IllegalArgumentException("need " + n + " values, found " + newValues.length);
        }
        double[] out = new double[n * n];
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                row[k] = vectors[i * n + k] * newValues[k];
            }
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += row[k] * vectors[j * n + k];
                }
                out[i * n + j] = s;
                out[j * n + i] = s;
            }
        }
        return out;
    }
}
