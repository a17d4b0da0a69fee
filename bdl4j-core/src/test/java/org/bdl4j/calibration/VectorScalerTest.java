package org.bdl4j.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import org.bdl4j.PosthocReference;
import org.junit.jupiter.api.Test;

class VectorScalerTest {
    private static final JsonObject REF = PosthocReference.section("vector");
    private static final double[][] LOGITS = PosthocReference.matrix(REF.getAsJsonArray("logits"));
    private static final int[] LABELS = PosthocReference.ints(REF.getAsJsonArray("labels"));

    @Test
    void matchesTheScipyBfgsOptimum() {
        VectorScaler v = VectorScaler.fit(LOGITS, LABELS);
        // scipy's BFGS stopped at a gradient of ~1.6e-10: parameters agree to ~1e-7, the NLL to ~1e-15
        assertThat(v.weights()).containsExactly(PosthocReference.doubles(REF.getAsJsonArray("weights")), within(1e-6));
        assertThat(v.biases()).containsExactly(PosthocReference.doubles(REF.getAsJsonArray("biases")), within(1e-6));
        assertThat(v.nll(LOGITS, LABELS)).isCloseTo(REF.get("nll").getAsDouble(), within(1e-12));
    }

    @Test
    void theFitIsAStationaryPointByCentralFiniteDifferences() {
        VectorScaler v = VectorScaler.fit(LOGITS, LABELS);
        int c = v.weights().length;
        double h = 1e-5;
        for (int j = 0; j < 2 * c; j++) {
            if (j == c) {
                continue; // b_0 is pinned (a common shift of b leaves the softmax unchanged)
            }
            double up = perturbed(v, j, h).nll(LOGITS, LABELS);
            double down = perturbed(v, j, -h).nll(LOGITS, LABELS);
            assertThat((up - down) / (2 * h)).as("dNLL/dtheta_%d", j).isCloseTo(0.0, within(1e-8));
        }
    }

    private static VectorScaler perturbed(VectorScaler v, int j, double h) {
        double[] w = v.weights();
        double[] b = v.biases();
        if (j < w.length) {
            w[j] += h;
        } else {
            b[j - w.length] += h;
        }
        return new VectorScaler(w, b);
    }

    @Test
    void itIsNeverWorseThanTemperatureScalingOnTheCalibrationSet() {
        TemperatureScaler t = TemperatureScaler.fit(LOGITS, LABELS);
        VectorScaler v = VectorScaler.fit(LOGITS, LABELS);
        // vector scaling contains temperature scaling (w_k = 1/T, b = 0); the classes were scaled unequally
        assertThat(v.nll(LOGITS, LABELS)).isLessThan(t.nll(LOGITS, LABELS) - 1e-3);
    }

    @Test
    void parametersRoundTripThroughJsonExactly() {
        VectorScaler v = VectorScaler.fit(LOGITS, LABELS);
        assertThat(Calibrator.fromJson(v.toJson())).isEqualTo(v);
        assertThatThrownBy(() -> v.transformLogits(new double[][] {{1, 2}}))
                .hasMessage("logits row 0 has 2 columns, the vector scaling was fitted on 5 classes");
        assertThatThrownBy(() -> new VectorScaler(new double[] {1, Double.NaN}, new double[] {0, 0}))
                .hasMessage("vector scaling parameters must be finite, found weight NaN and bias 0.0 for class 1");
    }
}
