package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {
    @Test
    void permutationFollowsTheDocumentedAlgorithm() {
        // re-implemented from the javadoc: Fisher-Yates from the end, j = nextInt(i + 1)
        int n = 1_000;
        int[] expected = IntStream.range(0, n).toArray();
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        assertThat(Splits.permutation(n, 42)).isEqualTo(expected);
    }

    @Test
    void benchmarkPermutationIsPinned() {
        // guards the Fashion-MNIST protocol (seed 12345) against any change of algorithm
        int[] p = Splits.permutation(60_000, 12345);
        assertThat(new int[] {p[0], p[1], p[2], p[55_000], p[59_999]}).containsExactly(54091, 906, 31710, 56213, 49503);
    }

    @Test
    void permutationIsAPermutationAndSeeded() {
        int[] p = Splits.permutation(500, 7);
        assertThat(Arrays.stream(p).sorted().toArray()).isEqualTo(IntStream.range(0, 500).toArray());
        assertThat(Splits.permutation(500, 7)).isEqualTo(p);
        assertThat(Splits.permutation(500, 8)).isNotEqualTo(p);
        assertThat(Splits.permutation(0, 1)).isEmpty();
        assertThat(Splits.permutation(1, 1)).containsExactly(0);
    }

    @Test
    void trainValidationSizesAndCover() {
        Splits.TrainValidation s = Splits.trainValidation(103, 0.2, 3);
        assertThat(s.validation()).hasSize(21); // round(20.6)
        assertThat(s.train()).hasSize(82);
        int[] p = Splits.permutation(103, 3);
        assertThat(s.train()).isEqualTo(Arrays.copyOf(p, 82));
        assertThat(s.validation()).isEqualTo(Arrays.copyOfRange(p, 82, 103));
        assertThat(Splits.trainValidation(10, 0.0, 3).validation()).isEmpty();
        assertThat(Splits.trainValidation(10, 0.01, 3).validation()).hasSize(1); // at least one row
    }

    @Test
    void trainValidationTestIsAPartition() {
        Splits.TrainValidationTest s = Splits.trainValidationTest(1_000, 0.1, 0.25, 11);
        assertThat(s.train()).hasSize(650);
        assertThat(s.validation()).hasSize(100);
        assertThat(s.test()).hasSize(250);
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.validation())),
                Arrays.stream(s.test())).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, 1_000).toArray());
    }

    @Test
    void appliesToDatasets() {
        float[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        Dataset d = Dataset.regression(x, 10, new int[] {1}, Dataset.defaultFeatureNames(1), x, "y");
        Splits.TrainValidation s = Splits.trainValidation(10, 0.3, 5);
        Dataset v = s.validation(d);
        assertThat(v.rows()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(v.features()[i]).isEqualTo(s.validation()[i]);
            assertThat(v.targets()[i]).isEqualTo(s.validation()[i]);
        }
        assertThat(s.train(d).rows()).isEqualTo(7);
    }

    @Test
    void badFractions() {
        assertThatThrownBy(() -> Splits.trainValidation(10, 1.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("validation fraction must be in [0, 1), found 1.5");
        assertThatThrownBy(() -> Splits.trainValidation(10, -0.1, 1))
                .hasMessage("validation fraction must be in [0, 1), found -0.1");
        assertThatThrownBy(() -> Splits.trainValidation(10, Double.NaN, 1))
                .hasMessage("validation fraction must be in [0, 1), found NaN");
        assertThatThrownBy(() -> Splits.trainValidationTest(10, 0.2, 1.0, 1))
                .hasMessage("test fraction must be in [0, 1), found 1.0");
        assertThatThrownBy(() -> Splits.trainValidationTest(10, 0.5, 0.5, 1))
                .hasMessage("validation fraction + test fraction must be < 1, found 0.5 + 0.5");
        assertThatThrownBy(() -> Splits.trainValidation(1, 0.5, 1))
                .hasMessage("the split leaves no training rows: 1 rows, 1 for validation, 0 for test");
        assertThatThrownBy(() -> Splits.trainValidationRows(10, 11, 1))
                .hasMessage("validation rows must be in [0, 10], found 11");
    }
}
