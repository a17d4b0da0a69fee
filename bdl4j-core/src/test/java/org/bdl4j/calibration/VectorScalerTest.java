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

    /**
     * The Newton step's gradient and Hessian against central finite differences of the objective and of
     * the gradient, at a point away from the optimum (w = 0.7, 1.1, ..., b = 0.2, −0.1, ...): a wrong
     * entry would only slow the damped Newton iteration, which still finds the optimum, so the fit's
     * test cannot see it.
     */
    @Test
    void theGradientAndHessianMatchFiniteDifferences() {
        int c = LOGITS[0].length;
        int dim = 2 * c - 1;
        double[] theta = new double[dim];
        for (int j = 0; j < dim; j++) {
            theta[j] = j < c ? 0.7 + 0.4 * j : 0.2 - 0.3 * (j - c);
        }
        double[] grad = new double[dim];
        double[][] hess = new double[dim][dim];
        VectorScaler.objective(LOGITS, LABELS, theta, grad, hess);
        double h = 1e-5;
        for (int j = 0; j < dim; j++) {
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[j] += h;
            down[j] -= h;
            double fd = (VectorScaler.objective(LOGITS, LABELS, up, null, null)
                    - VectorScaler.objective(LOGITS, LABELS, down, null, null)) / (2 * h);
            assertThat(grad[j]).as("dNLL/dtheta_%d", j).isCloseTo(fd, within(1e-7));
            double[] gUp = new double[dim];
            double[] gDown = new double[dim];
            VectorScaler.objective(LOGITS, LABELS, up, gUp, new double[dim][dim]);
            VectorScaler.objective(LOGITS, LABELS, down, gDown, new double[dim][dim]);
            for (int l = 0; l < dim; l++) {
                assertThat(hess[l][j]).as("d2NLL/dtheta_%d dtheta_%d", l, j)
                        .isCloseTo((gUp[l] - gDown[l]) / (2 * h), within(1e-6));
            }
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
