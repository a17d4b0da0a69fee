package org.bdl4j.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The block-Schur log-determinant against a dense EJML Cholesky of the same matrix. */
class BlockLogDetTest {

    /** XᵀX + I for a random X with fewer rows than columns, so that the spectrum spans decades. */
    static double[] spd(int n, int rank, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[rank * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        double[] s = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0;
                for (int k = 0; k < rank; k++) {
                    v += x[k * n + i] * x[k * n + j];
                }
                s[i * n + j] = v;
                s[j * n + i] = v;
            }
            s[i * n + i] += 1e-2;
        }
        return s;
    }

    @Test
    void matchesADenseCholeskyOverSeveralBlocksAndAPartialLastBlock() {
        int n = 2 * BlockLogDet.BLOCK + 77; // three blocks, the last one partial
        double[] s = spd(n, n / 2, 3); // rank-deficient XᵀX: eigenvalues from 1e-2 to ~1e3
        double expected = Cholesky.factor(s, n).logDet();
        try (NDManager m = NDManager.newBaseManager()) {
            double found = BlockLogDet.of(m.create(s, new Shape(n, n)));
            assertThat(found).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
        }
    }

    @Test
    void aSingleBlockIsTheSmallCholesky() {
        int n = 40;
        double[] s = spd(n, 60, 5);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(BlockLogDet.of(m.create(s, new Shape(n, n))))
                    .isCloseTo(Cholesky.factor(s, n).logDet(), within(1e-12));
        }
    }

    @Test
    void rejectsAnIndefiniteMatrixAndANonSquareOne() {
        int n = BlockLogDet.BLOCK + 10;
        double[] s = spd(n, n, 7);
        s[(n - 1) * n + n - 1] = -1e6; // indefinite, visible only in the last Schur complement
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> BlockLogDet.of(m.create(s, new Shape(n, n))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not positive definite");
            assertThatThrownBy(() -> BlockLogDet.of(m.zeros(new Shape(3, 4))))
                    .hasMessage("log det needs a square matrix, found shape (3, 4)");
        }
    }
}
