package org.bdl4j.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import org.bdl4j.PosthocReference;
import org.junit.jupiter.api.Test;

class IsotonicRegressionTest {

    @Test
    void poolAdjacentViolatorsMatchesTheBruteForceMaxMinFormula() {
        JsonObject ref = PosthocReference.section("isotonic");
        IsotonicRegression r = IsotonicRegression.fit(PosthocReference.doubles(ref.getAsJsonArray("x")),
                PosthocReference.doubles(ref.getAsJsonArray("y")),
                PosthocReference.doubles(ref.getAsJsonArray("weights")));
        assertThat(r.x()).containsExactly(PosthocReference.doubles(ref.getAsJsonArray("distinct_x")));
        assertThat(r.fitted()).containsExactly(PosthocReference.doubles(ref.getAsJsonArray("fitted")), within(1e-12));
        double[] q = PosthocReference.doubles(ref.getAsJsonArray("queries"));
        double[] expected = PosthocReference.doubles(ref.getAsJsonArray("predictions"));
        for (int i = 0; i < q.length; i++) {
            assertThat(r.predict(q[i])).as("predict(%s)", q[i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void smallCasesByHand() {
        // one violation pooled: 3 and 2 become 2.5
        IsotonicRegression r = IsotonicRegression.fit(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}, null);
        assertThat(r.fitted()).containsExactly(1, 2.5, 2.5, 4);
        assertThat(r.predict(2.5)).isEqualTo(2.5);
        assertThat(r.predict(0)).isEqualTo(1);
        assertThat(r.predict(9)).isEqualTo(4);
        assertThat(r.predict(3.5)).isEqualTo(3.25);
        // weights: x = 1 (y 3, weight 3) and x = 2 (y 2, weight 1) pool to (3*3 + 1*2) / 4 = 2.75
        IsotonicRegression w = IsotonicRegression.fit(new double[] {2, 1}, new double[] {2, 3}, new double[] {1, 3});
        assertThat(w.fitted()).containsExactly(2.75, 2.75);
        // ties in x are merged first
        IsotonicRegression t = IsotonicRegression.fit(new double[] {1, 1, 2}, new double[] {0, 2, 5}, null);
        assertThat(t.x()).containsExactly(1, 2);
        assertThat(t.fitted()).containsExactly(1, 5);
    }

    @Test
    void badInputIsReported() {
        assertThatThrownBy(() -> IsotonicRegression.fit(new double[] {1}, new double[] {1, 2}, null))
                .hasMessage("x, y and weights need equal lengths, found 1, 2, 1");
        assertThatThrownBy(() -> IsotonicRegression.fit(new double[] {1}, new double[] {1}, new double[] {0}))
                .hasMessage("weights[0] = 0.0, expected a finite value > 0");
    }
}
