package org.bdl4j.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import org.bdl4j.PosthocReference;
import org.bdl4j.RegressionPredictive;
import org.junit.jupiter.api.Test;

class VarianceScalerTest {

    @Test
    void closedFormScaleMatchesTheReferenceAndScipysNumericalMinimum() {
        JsonObject ref = PosthocReference.section("variance");
        double[] mu = PosthocReference.doubles(ref.getAsJsonArray("mean"));
        double[] sd = PosthocReference.doubles(ref.getAsJsonArray("std"));
        double[] y = PosthocReference.doubles(ref.getAsJsonArray("targets"));
        VarianceScaler s = VarianceScaler.fit(mu, sd, y);
        assertThat(s.scale()).isCloseTo(ref.get("scale").getAsDouble(), within(1e-12));
        // noise drawn 1.7x wider than the stated sigma (Student-t, 5 dof, variance 5/3): s ~ 1.7 * 1.29
        assertThat(s.scale()).isBetween(1.8, 2.5);
    }

    @Test
    void applyScalesBothVariancesBySSquared() {
        RegressionPredictive p = new RegressionPredictive(new double[] {1, 2}, new double[] {1, 4},
                new double[] {0.5, 0});
        RegressionPredictive q = new VarianceScaler(3).apply(p);
        assertThat(q.mean()).containsExactly(1, 2);
        assertThat(q.aleatoricVariance()).containsExactly(9, 36);
        assertThat(q.epistemicVariance()).containsExactly(4.5, 0);
        assertThat(q.std()).containsExactly(new double[] {3 * Math.sqrt(1.5), 6}, within(1e-12));
    }

    /** Kept sample means 0, 2 (row 0) and 5, 5 (row 1) spread 3-fold about their average: −2, 4 and 5, 5. */
    @Test
    void applySpreadsTheKeptSampleMeansByS() {
        RegressionPredictive p = RegressionPredictive.ofSamples(new float[][] {{0, 5}, {2, 5}}, new double[] {1, 1},
                true);
        RegressionPredictive q = new VarianceScaler(3).apply(p);
        float[][] f = q.sampleMeans().orElseThrow();
        assertThat(f[0]).containsExactly(-2f, 5f);
        assertThat(f[1]).containsExactly(4f, 5f);
        assertThat(q.epistemicVariance()).containsExactly(9, 0); // 9 · 1, the variance of {−2, 4}
        assertThat(p.sampleMeans().orElseThrow()[0]).containsExactly(0f, 5f); // the base is left as it was
        assertThat(new VarianceScaler(3).apply(new RegressionPredictive(new double[1], new double[] {1},
                new double[1])).sampleMeans()).isEmpty();
    }

    @Test
    void badInputIsReportedInOneLine() {
        double[] m = {0, 0};
        assertThatThrownBy(() -> VarianceScaler.fit(m, new double[] {1, 0}, new double[] {1, 1}))
                .hasMessage("std[1] = 0.0, expected a finite value > 0");
        assertThatThrownBy(() -> VarianceScaler.fit(m, new double[] {1, 1}, new double[] {0, 0}))
                .hasMessage("variance scaling needs a nonzero residual, found all 2 targets equal to their means");
        assertThatThrownBy(() -> VarianceScaler.fit(m, new double[] {1}, new double[] {0, 0}))
                .hasMessage("mean, std and targets need equal lengths, found 2, 1, 2");
        assertThatThrownBy(() -> new VarianceScaler(0)).hasMessage("variance scale must be finite and > 0, found 0.0");
    }
}
