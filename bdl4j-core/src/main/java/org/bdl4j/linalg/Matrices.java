package org.bdl4j.linalg;

/** Small helpers on row-major {@code double[]} matrices. */
public final class Matrices {
    private Matrices() {}

    static void checkSquare(double[] a, int n, String name) {
        if (n < 0 || a.length != (long) n * n) {
            throw new IllegalArgumentException(name + " must hold " + n + " x " + n + " values, found " + a.length);
        }
    }

    /** The n x n identity. */
    public static double[] identity(int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            out[i * n + i] = 1;
        }
        return out;
    }

    /** a + shift·I for a row-major n x n matrix (a new array). */
    public static double[] addDiagonal(double[] a, int n, double shift) {
        checkSquare(a, n, "a");
        double[] out = a.clone();
        for (int i = 0; i < n; i++) {
            out[i * n + i] += shift;
        }
        return out;
    }

    /** a + diag(shift) for a row-major n x n matrix and n shifts (a new array). */
    public static double[] addDiagonal(double[] a, int n, double[] shift) {
        checkSquare(a, n, "a");
        if (shift.length != n) {
            throw new IllegalArgumentException("need " + n + " diagonal shifts, found " + shift.length);
        }
        double[] out = a.clone();
        for (int i = 0; i < n; i++) {
            out[i * n + i] += shift[i];
        }
        return out;
    }

    /** The diagonal of a row-major n x n matrix. */
    public static double[] diagonal(double[] a, int n) {
        checkSquare(a, n, "a");
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = a[i * n + i];
        }
        return d;
    }

    /** (a + aᵀ)/2, to remove round-off asymmetry before a symmetric decomposition. */
    public static double[] symmetrize(double[] a, int n) {
        checkSquare(a, n, "a");
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);
            }
        }
        return out;
    }
}
