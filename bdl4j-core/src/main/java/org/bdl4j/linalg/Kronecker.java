package org.bdl4j.linalg;

import org.bdl4j.math.Vectors;

/**
 * Kronecker-product algebra for KFAC curvature (Martens &amp; Grosse 2015; Ritter et al. 2018).
 *
 * <p>With eigendecompositions G = Q_G diag(g) Q_Gᵀ and A = Q_A diag(a) Q_Aᵀ, the product
 * G ⊗ A = (Q_G ⊗ Q_A) diag(g ⊗ a) (Q_G ⊗ Q_A)ᵀ, so a damped inverse and log-determinant
 * cost only the two small decompositions:
 *
 * <pre>
 *   log det(s·G⊗A + δI) = Σ_ij log(s·g_i a_j + δ)
 *   (s·G⊗A + δI)⁻¹      = (Q_G ⊗ Q_A) diag(1/(s·g_i a_j + δ)) (Q_G ⊗ Q_A)ᵀ
 * </pre>
 *
 * Adding δI inside the eigenbasis is exact for G⊗A + δI, since δI = (Q_G⊗Q_A) δI (Q_G⊗Q_A)ᵀ.
 * Index convention: entry (i, j) of G ⊗ A (with G of size m, A of size n) is row i·n + j.
 */
public final class Kronecker {
    private Kronecker() {}

    /** The materialised Kronecker product a ⊗ b of row-major (ra x ca) and (rb x cb) matrices. */
    public static double[] product(double[] a, int ra, int ca, double[] b, int rb, int cb) {
        if (a.length != ra * ca || b.length != rb * cb) {
            throw new IllegalArgumentException("matrix sizes do not match their shapes");
        }
        int cols = ca * cb;
        double[] out = new double[ra * rb * cols];
        for (int i = 0; i < ra; i++) {
            for (int j = 0; j < ca; j++) {
                double v = a[i * ca + j];
                for (int k = 0; k < rb; k++) {
                    for (int l = 0; l < cb; l++) {
                        out[(i * rb + k) * cols + j * cb + l] = v * b[k * cb + l];
                    }
                }
            }
        }
        return out;
    }

    /** Σ_ij log(scale·g_i a_j + shift): log det(scale·G⊗A + shift·I) from the two spectra. */
    public static double logDetShifted(double[] gValues, double[] aValues, double scale, double shift) {
        double s = 0;
        for (double g : gValues) {
            for (double a : aValues) {
                s += Math.log(Math.max(scale * g * a, 0) + shift);
            }
        }
        return s;
    }

    /**
     * {Σ_ij 1/(g_i a_j + δ), Σ_ij 1/(g_i a_j + δ)²}: tr (G⊗A + δI)⁻¹ and tr (G⊗A + δI)⁻² from the two
     * spectra (negative round-off products clipped to 0).
     */
    public static double[] inverseTracesShifted(double[] gValues, double[] aValues, double shift) {
        double t1 = 0;
        double t2 = 0;
        for (double g : gValues) {
            for (double a : aValues) {
                double inv = 1 / (Math.max(g * a, 0) + shift);
                t1 += inv;
                t2 += inv * inv;
            }
        }
        return new double[] {t1, t2};
    }

    /**
     * The nearest Kronecker product G ⊗ A (m x m and n x n) to a symmetric mn x mn matrix S in the
     * Frobenius norm (Van Loan &amp; Pitsianis 1993): the best rank-one approximation of the rearranged
     * matrix R[(o, o'), (i, j)] = S[o·n + i, o'·n + j], by {@code iterations} rounds of alternating least
     * squares (power iteration on R), started from the mean diagonal block. Returns {G, A}; only the
     * product is determined (the scale may sit in either factor).
     */
    public static double[][] nearestProduct(double[] s, int m, int n, int iterations) {
        int size = m * n;
        if (s.length != size * size) {
            throw new IllegalArgumentException("s must hold " + size + " x " + size + " values, found " + s.length);
        }
        double[] a = new double[n * n];
        for (int o = 0; o < m; o++) {
            addBlock(a, s, size, n, o, o, 1.0 / m);
        }
        double[] g = new double[m * m];
        for (int it = 0; it < iterations; it++) {
            double aa = Vectors.dot(a, a);
            for (int o = 0; o < m; o++) {
                for (int q = 0; q < m; q++) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        int row = (o * n + i) * size + q * n;
                        for (int j = 0; j < n; j++) {
                            sum += s[row + j] * a[i * n + j];
                        }
                    }
                    g[o * m + q] = sum / aa;
                }
            }
            double gg = Vectors.dot(g, g);
            java.util.Arrays.fill(a, 0);
            for (int o = 0; o < m; o++) {
                for (int q = 0; q < m; q++) {
                    addBlock(a, s, size, n, o, q, g[o * m + q] / gg);
                }
            }
        }
        return new double[][] {g, a};
    }

    /** a += w · S[o·n.., q·n..] (the n x n block (o, q)). */
    private static void addBlock(double[] a, double[] s, int size, int n, int o, int q, double w) {
        for (int i = 0; i < n; i++) {
            int row = (o * n + i) * size + q * n;
            for (int j = 0; j < n; j++) {
                a[i * n + j] += w * s[row + j];
            }
        }
    }
}
