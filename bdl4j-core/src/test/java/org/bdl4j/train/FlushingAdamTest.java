package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;

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
            assertThat((double) w.toFloatArray()[0]).isCloseTo(0.99, org.assertj.core.api.Assertions.within(1e-6));
        }
    }
}
