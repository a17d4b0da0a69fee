package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class FlushingAdamTest {

    @Test
    void denormalsBecomeZeroAndNormalValuesAreUntouched() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] values = {1e-40f, -3e-39f, Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, 0.5f, -2f, 0f};
            NDArray x = m.create(values);
            int before = m.getManagedArrays().size();
            FlushingAdam.flushDenormals(x);
            // a negative denormal times 0 is -0.0, which is zero
            assertThat(x.toFloatArray()).containsExactly(0f, -0f, 0f, Float.MIN_NORMAL, -Float.MIN_NORMAL, 0.5f, -2f, 0f);
            assertThat(m.getManagedArrays()).as("no temporaries left behind").hasSize(before);
        }
    }

    /**
     * Away from denormals the update is libtorch's Adam: one step from w = 1 with gradient g = 0.5 and
     * weight decay 0.1 moves w by lr·m̂/(sqrt(v̂)+ε) with m̂ = v̂^(1/2) = g + 0.1·w after bias correction,
     * i.e. by lr·(0.6/(0.6 + 1e-8)) ≈ lr = 0.01 (computed by hand).
     */
    @Test
    void oneStepIsAdamWithCoupledWeightDecay() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f});
            w.setRequiresGradient(true);
            NDArray g = m.create(new float[] {0.5f});
            FlushingAdam.create(0.01f, 0.1f).update("w", w, g);
            assertThat((double) w.toFloatArray()[0]).isCloseTo(0.99, within(1e-6));
        }
    }

    /**
     * Thirty steps on a 2 x 3 weight with varying gradients, weight decay 0.05 and lr 0.01, against the
     * class comment's recursion computed here in double precision (an independent reference: libtorch's
     * kernel is float32 and writes the step with another ε placement); the weight's own gradient is zeroed.
     */
    @Test
    void manyStepsFollowTheDocumentedRecursion() {
        double lr = 0.01;
        double decay = 0.05;
        double[] w = {0.3, -1.2, 2.0, 0.0, 1e-3, -0.7};
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(toFloats(w), new ai.djl.ndarray.types.Shape(2, 3));
            weight.setRequiresGradient(true);
            FlushingAdam adam = FlushingAdam.create((float) lr, (float) decay);
            for (int t = 1; t <= 30; t++) {
                double[] g = new double[w.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = Math.sin(0.7 * t + i) * (i + 1) * 0.1;
                }
                try (NDArray grad = manager.create(toFloats(g), new ai.djl.ndarray.types.Shape(2, 3))) {
                    adam.update("w", weight, grad);
                }
                referenceStep(t, w, g, m, v, lr, decay);
            }
            float[] got = weight.toFloatArray();
            for (int i = 0; i < w.length; i++) {
                assertThat((double) got[i]).as("weight %d", i).isCloseTo(w[i], within(2e-6));
            }
        }
    }

    /**
     * A weight that is a transposed view (not contiguous) with a contiguous gradient: each element moves
     * with its own gradient, as the recursion computed here says (the kernel alone, which walks memory
     * order, paired them wrongly).
     */
    @Test
    void aNonContiguousWeightIsUpdatedElementByElement() {
        float[] g1 = {0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f};
        float[] g2 = {-1f, 0.02f, 0.3f, 4f, -0.05f, 0.6f};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, new ai.djl.ndarray.types.Shape(2, 3))
                    .transpose();
            double[] w = {1, 4, 2, 5, 3, 6}; // the transposed view's elements in row-major order
            double[] m = new double[6];
            double[] v = new double[6];
            FlushingAdam adam = FlushingAdam.create(0.001f, 0f);
            for (int t = 1; t <= 3; t++) {
                float[] g = t == 2 ? g2 : g1;
                try (NDArray grad = manager.create(g, new ai.djl.ndarray.types.Shape(3, 2))) {
                    adam.update("w", weight, grad);
                }
                double[] gd = new double[6];
                for (int i = 0; i < 6; i++) {
                    gd[i] = g[i];
                }
                referenceStep(t, w, gd, m, v, 0.001, 0);
            }
            float[] got = weight.toFloatArray();
            for (int i = 0; i < 6; i++) {
                assertThat((double) got[i]).as("element %d", i).isCloseTo(w[i], within(1e-6));
            }
        }
    }

    /** A backward pass's gradient is consumed: the update zeroes it, so the next backward does not add to it. */
    @Test
    void theWeightsGradientIsZeroedByTheUpdate() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1f, 2f});
            w.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector gc = org.bdl4j.nn.Inputs.gradientCollector()) {
                gc.backward(w.mul(w).sum());
            }
            FlushingAdam.create(0.01f, 0f).update("w", w, w.getGradient());
            assertThat(w.getGradient().toFloatArray()).containsExactly(0f, 0f);
        }
    }

    /** The step's temporaries (the step count's tensor) are closed: after the moments, no array stays behind. */
    @Test
    void updatesLeaveNoArraysBehind() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1f, 2f, 3f});
            w.setRequiresGradient(true);
            FlushingAdam adam = FlushingAdam.create(0.01f, 0.1f);
            try (NDArray g = manager.create(new float[] {0.1f, -0.2f, 0.3f})) {
                adam.update("w", w, g);
                int afterFirst = manager.getManagedArrays().size();
                for (int i = 0; i < 100; i++) {
                    adam.update("w", w, g);
                }
                assertThat(manager.getManagedArrays()).hasSize(afterFirst);
            }
        }
    }

    /** Step t of the class comment's recursion, in double precision, on w, m and v in place. */
    private static void referenceStep(int t, double[] w, double[] g, double[] m, double[] v, double lr, double decay) {
        double stepSize = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
        for (int i = 0; i < w.length; i++) {
            double gi = g[i] + decay * w[i];
            m[i] = 0.9 * m[i] + 0.1 * gi;
            v[i] = 0.999 * v[i] + 0.001 * gi * gi;
            w[i] -= stepSize * m[i] / (Math.sqrt(v[i]) + 1e-8);
        }
    }

    private static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
