package org.bdl4j.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinalgTest {
    /** [[4, 2], [2, 3]]: det 8, inverse [[3, -2], [-2, 4]]/8, eigenvalues (7 ± sqrt 17)/2, all by hand. */
    private static final double[] S = {4, 2, 2, 3};

    @Test
    void choleskyOfATwoByTwoMatchesHandValues() {
        Cholesky c = Cholesky.factor(S, 2);
        assertThat(c.logDet()).isCloseTo(Math.log(8), within(1e-14));
        assertThat(c.lower()).containsExactly(new double[] {2, 0, 1, Math.sqrt(2)}, within(1e-14));
        assertThat(c.inverse()).containsExactly(new double[] {3 / 8.0, -2 / 8.0, -2 / 8.0, 4 / 8.0}, within(1e-14));
        // S x = (1, 1): x = S⁻¹ (1, 1) = (1/8, 2/8)
        assertThat(c.solve(new double[] {1, 1})).containsExactly(new double[] {1 / 8.0, 2 / 8.0}, within(1e-14));
        // Lᵀ x = (1, 1) with Lᵀ = [[2, 1], [0, sqrt 2]]: x2 = 1/sqrt 2, x1 = (1 - x2)/2
        double x2 = 1 / Math.sqrt(2);
        assertThat(c.solveTransposed(new double[] {1, 1})).containsExactly(new double[] {(1 - x2) / 2, x2},
                within(1e-14));
    }

    /** As documented, only the lower triangle is read: an upper triangle of zeros gives the same factor. */
    @Test
    void choleskyReadsOnlyTheLowerTriangle() {
        double[] lowerOnly = {4, 0, 2, 3};
        assertThat(Cholesky.factor(lowerOnly, 2).lower()).containsExactly(Cholesky.factor(new double[] {4, 2, 2, 3}, 2)
                .lower());
        assertThat(Cholesky.factor(lowerOnly, 2).lower()).containsExactly(new double[] {2, 0, 1, Math.sqrt(2)},
                within(1e-15));
    }

    @Test
    void choleskyRejectsAnIndefiniteMatrix() {
        assertThatThrownBy(() -> Cholesky.factor(new double[] {1, 2, 2, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not positive definite");
        assertThatThrownBy(() -> Cholesky.factor(new double[] {1, 2, 3}, 2))
                .hasMessage("s must hold 2 x 2 values, found 3");
    }

    @Test
    void eigenOfATwoByTwoMatchesHandValuesAndReconstructs() {
        SymmetricEigen e = SymmetricEigen.of(S, 2);
        double r = Math.sqrt(17);
        assertThat(e.values()).containsExactly(new double[] {(7 - r) / 2, (7 + r) / 2}, within(1e-13));
        assertThat(e.reconstruct(e.values())).containsExactly(S, within(1e-13));
        assertThat(SymmetricEigen.valuesOf(S, 2)).containsExactly(e.values(), within(1e-13));
        // Qᵀ Q = I
        double[] q = e.vectors();
        assertThat(q[0] * q[0] + q[2] * q[2]).isCloseTo(1, within(1e-14));
        assertThat(q[0] * q[1] + q[2] * q[3]).isCloseTo(0, within(1e-14));
    }

    @Test
    void randomSpdMatrixLogDetAgreesBetweenCholeskyAndEigen() {
        int n = 30;
        double[] s = randomSpd(n, 3);
        double eigLogDet = 0;
        for (double v : SymmetricEigen.of(s, n).values()) {
            eigLogDet += Math.log(v);
        }
        Cholesky c = Cholesky.factor(s, n);
        assertThat(c.logDet()).isCloseTo(eigLogDet, within(1e-10));
        double[] inv = c.inverse();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int k = 0; k < n; k++) {
                    v += s[i * n + k] * inv[k * n + j];
                }
                assertThat(v).isCloseTo(i == j ? 1 : 0, within(1e-10));
            }
        }
    }

    @Test
    void kroneckerLogDetEqualsTheLogDetOfTheMaterialisedProduct() {
        double[] g = randomSpd(3, 5);
        double[] a = randomSpd(4, 6);
        double[] kron = Kronecker.product(g, 3, 3, a, 4, 4);
        assertThat(kron[(1 * 4 + 2) * 12 + (2 * 4 + 3)]).isEqualTo(g[1 * 3 + 2] * a[2 * 4 + 3]);
        double scale = 0.7;
        double shift = 1.3;
        double[] m = kron.clone();
        for (int i = 0; i < m.length; i++) {
            m[i] *= scale;
        }
        double direct = Cholesky.factor(Matrices.addDiagonal(m, 12, shift), 12).logDet();
        double viaSpectra = Kronecker.logDetShifted(SymmetricEigen.of(g, 3).values(), SymmetricEigen.of(a, 4).values(),
                scale, shift);
        assertThat(viaSpectra).isCloseTo(direct, within(1e-10));
    }

    /**
     * Above {@link EngineEigen#MIN_SIZE} the decomposition runs in the engine. Reference: S = H diag(d) H
     * with H = I − 2uuᵀ/(uᵀu) a Householder reflection (orthogonal and symmetric by construction), so
     * the eigenvalues are d sorted and the eigenvectors H's columns; d has a repeated pair and a
     * negative value. The same matrix just below the threshold goes through EJML and agrees.
     */
    @Test
    void largeMatricesDecomposeInTheEngineToTheKnownSpectrum() {
        for (int n : new int[] {EngineEigen.MIN_SIZE - 1, EngineEigen.MIN_SIZE + 44}) {
            SplittableRandom rng = new SplittableRandom(n);
            double[] u = new double[n];
            double uu = 0;
            for (int i = 0; i < n; i++) {
                u[i] = rng.nextGaussian();
                uu += u[i] * u[i];
            }
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = i == 7 ? -2.5 : i == 8 ? 3.0 : 1.0 + i * 0.5;
            }
            d[9] = 3.0;
            double[] s = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double v = 0;
                    for (int k = 0; k < n; k++) {
                        double hik = (i == k ? 1 : 0) - 2 * u[i] * u[k] / uu;
                        double hkj = (k == j ? 1 : 0) - 2 * u[k] * u[j] / uu;
                        v += hik * d[k] * hkj;
                    }
                    s[i * n + j] = v;
                }
            }
            double[] sorted = d.clone();
            java.util.Arrays.sort(sorted);
            SymmetricEigen e = SymmetricEigen.of(s, n);
            assertThat(e.values()).containsExactly(sorted, within(1e-11 * n));
            assertThat(SymmetricEigen.valuesOf(s, n)).containsExactly(sorted, within(1e-11 * n));
            assertThat(e.reconstruct(e.values())).containsExactly(s, within(1e-11 * n));
            double[] q = e.vectors();
            for (int a = 0; a < n; a += 37) {
                for (int b = 0; b < n; b += 41) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += q[i * n + a] * q[i * n + b];
                    }
                    assertThat(dot).as("column %d . column %d, n = %d", a, b, n).isCloseTo(a == b ? 1 : 0, within(1e-12));
                }
            }
            // the eigenvalue -2.5 is simple: its eigenvector is ± H's column 7
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += q[i * n] * ((i == 7 ? 1 : 0) - 2 * u[i] * u[7] / uu);
            }
            assertThat(Math.abs(dot)).isCloseTo(1, within(1e-10));
        }
    }

    /** The engine's decompositions leave no native array alive (the module itself holds none). */
    @Test
    void engineDecompositionsLeaveNoArraysBehind() {
        double[] s = randomSpd(EngineEigen.MIN_SIZE, 4);
        SymmetricEigen.of(s, EngineEigen.MIN_SIZE); // loads the module
        int before = org.bdl4j.train.LeakProbe.liveArrays();
        for (int i = 0; i < 3; i++) {
            SymmetricEigen.of(s, EngineEigen.MIN_SIZE);
            SymmetricEigen.valuesOf(s, EngineEigen.MIN_SIZE);
        }
        assertThat(org.bdl4j.train.LeakProbe.liveArrays()).isEqualTo(before);
    }

    @Test
    void aNonFiniteEntryIsRefusedInOneLine() {
        double[] s = randomSpd(EngineEigen.MIN_SIZE, 2);
        s[3 * EngineEigen.MIN_SIZE + 5] = Double.NaN;
        assertThatThrownBy(() -> SymmetricEigen.of(s, EngineEigen.MIN_SIZE))
                .hasMessage("the symmetric eigendecomposition of a 256 x 256 matrix needs finite entries,"
                        + " found NaN at (3, 5)");
        assertThatThrownBy(() -> SymmetricEigen.valuesOf(s, EngineEigen.MIN_SIZE))
                .hasMessageContaining("needs finite entries");
    }

    static double[] randomSpd(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] b = new double[n * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextGaussian();
        }
        double[] s = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = i == j ? 0.5 : 0;
                for (int k = 0; k < n; k++) {
                    v += b[i * n + k] * b[j * n + k];
                }
                s[i * n + j] = v;
            }
        }
        return s;
    }

    /**
     * The nearest Kronecker product recovers an exact product G ⊗ A (up to the scale split), and for a
     * product plus a smaller F ⊗ B with F ⊥ G and B ⊥ A it still returns the product (Van Loan and
     * Pitsianis: the rearrangement is then the SVD vec(G) vec(A)ᵀ + vec(F) vec(B)ᵀ, whose leading term is
     * the product).
     */
    @Test
    void nearestKroneckerProductRecoversAProductAndIgnoresAnOrthogonalPerturbation() {
        SplittableRandom rng = new SplittableRandom(17);
        int m = 3;
        int n = 4;
        double[] g = spdMatrix(m, rng);
        double[] a = spdMatrix(n, rng);
        double[] s = Kronecker.product(g, m, m, a, n, n);
        double[][] found = Kronecker.nearestProduct(s, m, n, 5);
        assertThat(Kronecker.product(found[0], m, m, found[1], n, n)).containsExactly(s, within(1e-12));
        // E = F ⊗ B with F ⊥ G and B ⊥ A (Frobenius), scaled below the product
        double[] f = orthogonalTo(new double[] {0, 1, 0, 1, 0, 0, 0, 0, 0}, g);
        double[] b = orthogonalTo(spdMatrix(n, rng), a);
        double[] e = Kronecker.product(f, m, m, b, n, n);
        double[] perturbed = s.clone();
        for (int k = 0; k < s.length; k++) {
            perturbed[k] += 0.3 * e[k];
        }
        double[][] near = Kronecker.nearestProduct(perturbed, m, n, 50);
        assertThat(Kronecker.product(near[0], m, m, near[1], n, n)).containsExactly(s, within(1e-9));
    }

    /** x minus its Frobenius projection on y. */
    private static double[] orthogonalTo(double[] x, double[] y) {
        double xy = 0;
        double yy = 0;
        for (int k = 0; k < x.length; k++) {
            xy += x[k] * y[k];
            yy += y[k] * y[k];
        }
        double[] out = x.clone();
        for (int k = 0; k < x.length; k++) {
            out[k] -= xy / yy * y[k];
        }
        return out;
    }

    private static double[] spdMatrix(int n, SplittableRandom rng) {
        double[] x = new double[n * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextGaussian();
        }
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    out[i * n + j] += x[i * n + k] * x[j * n + k];
                }
            }
            out[i * n + i] += 1;
        }
        return out;
    }
}
