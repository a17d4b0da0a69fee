package org.bdl4j.conformal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import org.bdl4j.PosthocReference;
import org.junit.jupiter.api.Test;

class ConformalQuantileTest {

    @Test
    void rankIsTheCeilingOfNPlusOneTimesOneMinusAlphaInExactArithmetic() {
        // reference: Python's fractions.Fraction on alpha's decimal repr (posthoc_reference.py)
        JsonArray cases = PosthocReference.ranks();
        for (JsonElement e : cases) {
            JsonArray c = e.getAsJsonArray();
            int n = c.get(0).getAsInt();
            double alpha = c.get(1).getAsDouble();
            assertThat(ConformalQuantile.rank(n, alpha)).as("n %d alpha %s", n, alpha).isEqualTo(c.get(2).getAsInt());
        }
        // in binary floating point (9 + 1) * (1 - 0.7) = 3.0000000000000004, whose ceiling would be 4
        assertThat(ConformalQuantile.rank(9, 0.7)).isEqualTo(3);
    }

    @Test
    void quantileIsTheKthSmallestScore() {
        // n = 5, alpha = 0.5: k = ceil(6 * 0.5) = 3, the third smallest of {1, 2, 3, 4, 5}
        assertThat(ConformalQuantile.of(new double[] {5, 1, 4, 2, 3}, 0.5)).isEqualTo(3);
        // n = 9, alpha = 0.1: k = ceil(10 * 0.9) = 9, the largest
        assertThat(ConformalQuantile.of(new double[] {9, 1, 8, 2, 7, 3, 6, 4, 5}, 0.1)).isEqualTo(9);
        // ties count with their multiplicity
        assertThat(ConformalQuantile.of(new double[] {1, 1, 1, 2}, 0.5)).isEqualTo(1);
    }

    @Test
    void fewerPointsThanOneOverAlphaRequiresGiveAnInfiniteQuantile() {
        // n = 8 < 1/0.1 - 1 = 9: k = ceil(9 * 0.9) = 9 > 8
        assertThat(ConformalQuantile.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 0.1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(ConformalQuantile.of(new double[0], 0.5)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(ConformalQuantile.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 0.1)).isEqualTo(9);
    }

    @Test
    void alphaOutsideTheOpenUnitIntervalIsRejectedNamingTheValue() {
        for (double a : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> ConformalQuantile.of(new double[] {1}, a))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("alpha must be in (0, 1), found " + a);
        }
        assertThatThrownBy(() -> ConformalQuantile.of(new double[] {1, Double.NaN}, 0.1))
                .hasMessage("scores[1] is NaN");
    }
}
