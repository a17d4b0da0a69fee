package org.bdl4j.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reductions on hand-computed vectors (small integers, so every sum is exact). */
class VectorsTest {

    @Test
    void dotIsTheSumOfProducts() {
        // (1, -2, 3)ᵀ(4, 5, -6) = 4 - 10 - 18 = -24
        assertThat(Vectors.dot(new double[] {1, -2, 3}, new double[] {4, 5, -6})).isEqualTo(-24.0);
        assertThat(Vectors.dot(new double[0], new double[0])).isEqualTo(0.0);
    }

    @Test
    void maxAbsIsTheLargestMagnitude() {
        // |−7| is the largest of 3, 7, 0.5
        assertThat(Vectors.maxAbs(new double[] {3, -7, 0.5})).isEqualTo(7.0);
        assertThat(Vectors.maxAbs(new double[0])).isEqualTo(0.0);
        assertThat(Vectors.maxAbs(new double[] {1, Double.NaN})).isNaN();
    }
}
