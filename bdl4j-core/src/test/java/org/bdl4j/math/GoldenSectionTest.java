package org.bdl4j.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Golden-section search against maximisers known in closed form. */
class GoldenSectionTest {

    @Test
    void findsTheVertexOfAParabola() {
        // f = -(x - 2)^2: maximiser 2; the bracket [0, 5] shrinks to 1e-9, so the midpoint is within 1e-9
        int[] evals = {0};
        double x = GoldenSection.maximise(v -> {
            evals[0]++;
            return -(v - 2) * (v - 2);
        }, 0, 5, 1e-9);
        assertThat(x).isCloseTo(2, within(1e-9));
        // one evaluation per step, each step keeps φ = 0.618 of the bracket: 2 + ceil(log(1e-9 / 5) / log φ)
        int steps = (int) Math.ceil(Math.log(1e-9 / 5) / Math.log(GoldenSection.RATIO));
        assertThat(evals[0]).isBetween(steps + 1, steps + 3);
    }

    @Test
    void findsTheMaximumOfXExpMinusX() {
        // f = x e^-x: f' = (1 - x) e^-x, maximiser 1; f(1 + δ) ≈ f(1) - δ²/(2e), so double precision
        // tells points apart only down to δ ≈ √(2e · 2.2e-16) ≈ 3.5e-8
        assertThat(GoldenSection.maximise(v -> v * Math.exp(-v), 0, 10, 1e-10)).isCloseTo(1, within(1e-7));
    }

    @Test
    void aMonotoneFunctionEndsAtTheBracketsEnd() {
        // f = x on [-1, 3]: the supremum is the upper end
        assertThat(GoldenSection.maximise(v -> v, -1, 3, 1e-8)).isCloseTo(3, within(1e-8));
        assertThat(GoldenSection.maximise(v -> -v, -1, 3, 1e-8)).isCloseTo(-1, within(1e-8));
    }

    @Test
    void theGridFindsTheGlobalBasinOfAMultimodalFunction() {
        // f = cos(x) - x²/50 on [-10, 10]: local maxima near 0 and ±2π; the global one is x = 0 exactly
        // (f' = -sin x - x/25 vanishes at 0, and f(0) = 1 exceeds f(±2π) = 1 - 4π²/50); a golden search
        // on the whole interval could settle on a side peak, the grid of 21 points does not
        double x = GoldenSection.maximiseFromGrid(v -> Math.cos(v) - v * v / 50, -10, 10, 21, 1e-9);
        assertThat(x).isCloseTo(0, within(1e-7)); // f(δ) ≈ 1 - 0.52 δ²: flat below δ ≈ 2e-8
    }

    @Test
    void theGridPointIsKeptWhenTheRefinementIsWorse() {
        // a spike at the grid point x = 1 (grid 0, 1, 2): f is 0 everywhere else, so whatever the
        // refinement returns, 1 is the answer
        assertThat(GoldenSection.maximiseFromGrid(v -> v == 1 ? 1 : 0, 0, 2, 3, 1e-9)).isEqualTo(1.0);
    }

    @Test
    void theGridNeedsTwoPoints() {
        assertThatThrownBy(() -> GoldenSection.maximiseFromGrid(v -> v, 0, 1, 1, 1e-6))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
