package org.bdl4j.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The small Cholesky factorisation against hand-factorised matrices, against the known factor of
 * A = L Lᵀ built from a random lower-triangular L (the factor of a positive definite matrix is
 * unique), against the definitions of the solves (A x = b, L y = b, Lᵀ x = y) and of det A for a
 * diagonal A, and the semi-definite variant against the jittered matrix it factorises.
 */
class SmallCholeskyTest {

    @Test
    void factorsTheTextbookThreeByThreeExample() {
        // A = [[4, 12, -16], [12, 37, -43], [-16, -43, 98]] = L Lᵀ with L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]]
        // (worked by hand: L00 = √4, L10 = 12/2, L20 = -16/2, L11 = √(37 - 36), L21 = (-43 + 48)/1,
        // L22 = √(98 - 64 - 25)); det A = (2·1·3)² = 36
        double[] a = {4, 12, -16, 12, 37, -43, -16, -43, 98};
        double[] l = new double[9];
        assertThat(SmallCholesky.factor(a, 0, 3, l)).isTrue();
        assertThat(l).containsExactly(2, 0, 0, 6, 1, 0, -8, 5, 3);
        assertThat(SmallCholesky.logDet(l, 3)).isCloseTo(Math.log(36), within(1e-15));
        // A x = b for x = (1, -1, 2): b = A x = (4 - 12 - 32, 12 - 37 - 86, -16 + 43 + 196)
        double[] x = {-40, -111, 223};
        SmallCholesky.solve(l, 3, x);
        assertThat(x[0]).isCloseTo(1, within(1e-12));
        assertThat(x[1]).isCloseTo(-1, within(1e-12));
        assertThat(x[2]).isCloseTo(2, within(1e-12));
    }

    @Test
    void readsTheBlockAtTheOffsetAndOnlyItsLowerTriangle() {
        // [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]]; the upper entry is garbage and is not read
        double[] a = {99, 99, 4, Double.NaN, 2, 3};
        double[] l = new double[4];
        assertThat(SmallCholesky.factor(a, 2, 2, l)).isTrue();
        assertThat(l).containsExactly(2, 0, 1, Math.sqrt(2));
    }

    @Test
    void rejectsIndefiniteAndNanMatrices() {
        // [[1, 2], [2, 1]] has eigenvalues 3 and -1: the second pivot is 1 - 4 = -3
        double[] l = new double[4];
        assertThat(SmallCholesky.factor(new double[] {1, 2, 2, 1}, 0, 2, l)).isFalse();
        assertThat(SmallCholesky.factor(new double[] {1, 0, 0, 0}, 0, 2, l)).isFalse();
        assertThat(SmallCholesky.factor(new double[] {Double.NaN, 0, 0, 1}, 0, 2, l)).isFalse();
    }

    @Test
    void recoversTheFactorOfRandomPositiveDefiniteMatrices() {
        // A = L Lᵀ for a random lower-triangular L with a positive diagonal: the Cholesky factor is
        // unique, so it must be L itself; log det A = 2 Σ log L_ii; A x = b and the substitutions
        // L y = b, Lᵀ x = y must hold by their definitions
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + rng.nextInt(8);
            double[] exact = new double[n * n];
            double logDet = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    exact[i * n + j] = rng.nextGaussian();
                }
                exact[i * n + i] = rng.nextDouble(0.5, 2);
                logDet += 2 * Math.log(exact[i * n + i]);
            }
            double[] a = new double[n * n];
            for (int j = 0; j < n; j++) {
                double[] column = lowerTimes(exact, n, lowerTimes(exact, n, unit(n, j), true), false); // L Lᵀ e_j
                for (int i = 0; i < n; i++) {
                    a[i * n + j] = column[i];
                }
            }
            double[] l = new double[n * n];
            assertThat(SmallCholesky.factor(a, 0, n, l)).isTrue();
            assertThat(l).containsExactly(exact, within(1e-12));
            assertThat(SmallCholesky.logDet(l, n)).isCloseTo(logDet, within(1e-12));
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = rng.nextGaussian();
            }
            double[] x = b.clone();
            SmallCholesky.solve(l, n, x);
            assertThat(lowerTimes(l, n, lowerTimes(l, n, x, true), false)).containsExactly(b, within(1e-10));
            double[] y = b.clone();
            SmallCholesky.forwardSubstitute(l, n, y);
            assertThat(lowerTimes(l, n, y, false)).containsExactly(b, within(1e-10));
            double[] z = y.clone();
            SmallCholesky.backSubstitute(l, n, z);
            assertThat(lowerTimes(l, n, z, true)).containsExactly(y, within(1e-10));
            assertThat(z).containsExactly(x);
        }
    }

    @Test
    void logDetOfADiagonalMatrixIsTheSumOfTheLogs() {
        // det diag(2, 5, 0.1) = 1 exactly in reals: log det = log 2 + log 5 + log 0.1
        double[] l = new double[9];
        assertThat(SmallCholesky.factor(new double[] {2, 0, 0, 0, 5, 0, 0, 0, 0.1}, 0, 3, l)).isTrue();
        assertThat(SmallCholesky.logDet(l, 3)).isCloseTo(Math.log(2) + Math.log(5) + Math.log(0.1), within(1e-15));
    }

    @Test
    void semiDefiniteFactorsTheJitteredMatrix() {
        // rank one: A = v vᵀ with v = (1, 2, -1), tr A / 3 = 2, so L Lᵀ = A + 2ε I with ε = 1e-10
        double[] v = {1, 2, -1};
        double[] a = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                a[i * 3 + j] = v[i] * v[j];
            }
        }
        double[] l = new double[9];
        SmallCholesky.factorSemiDefinite(a, 0, 3, 1e-10, l);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += l[i * 3 + k] * l[j * 3 + k];
                }
                assertThat(s).isCloseTo(a[i * 3 + j] + (i == j ? 2e-10 : 0), within(1e-15));
            }
        }
        assertThat(l).doesNotContain(Double.NaN);
    }

    @Test
    void semiDefiniteClampsANegativePivotAndZeroesTheColumnBelowIt() {
        // A = [[1, 0, 0], [0, -1, 0.5], [0, 0.5, 1]], ε = 0: pivot 1 is -1 -> 0, so L21 = 0 and
        // L22 = √1 (the row's own diagonal alone); L00 = 1
        double[] a = {1, 0, 0, 0, -1, 0.5, 0, 0.5, 1};
        double[] l = new double[9];
        SmallCholesky.factorSemiDefinite(a, 0, 3, 0, l);
        assertThat(l).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 1);
    }

    /** e_i of length n. */
    private static double[] unit(int n, int i) {
        double[] e = new double[n];
        e[i] = 1;
        return e;
    }

    /** L x, or Lᵀ x when {@code transposed}. */
    private static double[] lowerTimes(double[] l, int n, double[] x, boolean transposed) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i] += (transposed ? l[j * n + i] : l[i * n + j]) * x[j];
            }
        }
        return out;
    }
}
