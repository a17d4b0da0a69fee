package org.bdl4j.dropout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The first dropout and Linear layer through the dropped units equal the masked input through the
 * layer, (h ⊙ z_t) Wᵀ + b computed directly for every pass, up to float32 rounding.
 */
class DroppedUnitsLinearTest {
    private static final int IN = 64;
    private static final int OUT = 7;
    private static final int PASSES = 9;
    private static final int ROWS = 5;

    @Test
    void passesThroughTheDroppedUnitsEqualTheMaskedInputThroughTheLayer() {
        float rate = 0.1f;
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom rng = new SplittableRandom(3);
            NDArray masks = m.create(masks(rng, rate, 0.25 * IN), new Shape(PASSES, 1, IN));
            NDArray w = m.create(normals(rng, OUT * IN), new Shape(OUT, IN));
            NDArray b = m.create(normals(rng, OUT));
            NDArray h = m.create(normals(rng, ROWS * IN), new Shape(ROWS, IN));
            DroppedUnitsLinear dropped = DroppedUnitsLinear.of(masks, w, b, rate, m);
            assertThat(dropped).isNotNull();
            assertThat(dropped.droppedColumns()).isGreaterThan(1); // the test has something to drop
            int s0 = 2;
            int t = 6;
            float[] got = dropped.apply(h, s0, t, m).toFloatArray(); // [t·ROWS, OUT]
            float[] z = masks.toFloatArray();
            float[] wv = w.toFloatArray();
            float[] bv = b.toFloatArray();
            float[] hv = h.toFloatArray();
            for (int p = 0; p < t; p++) {
                for (int r = 0; r < ROWS; r++) {
                    for (int o = 0; o < OUT; o++) {
                        double expected = bv[o];
                        for (int i = 0; i < IN; i++) {
                            expected += (double) hv[r * IN + i] * z[(s0 + p) * IN + i] * wv[o * IN + i];
                        }
                        assertThat((double) got[(p * ROWS + r) * OUT + o]).as("pass %d, row %d, output %d", p, r, o)
                                .isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
                    }
                }
            }
        }
    }

    @Test
    void tooManyDroppedUnitsKeepTheMaskedForm() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom rng = new SplittableRandom(4);
            float rate = 0.5f;
            NDArray masks = m.create(masks(rng, rate, IN), new Shape(PASSES, 1, IN));
            NDArray w = m.create(normals(rng, OUT * IN), new Shape(OUT, IN));
            assertThat(DroppedUnitsLinear.of(masks, w, null, rate, m)).isNull();
            assertThat(DroppedUnitsLinear.pays(16, 64)).isTrue();
            assertThat(DroppedUnitsLinear.pays(17, 64)).isFalse();
        }
    }

    /** Inverted-dropout masks (0 or 1/(1-p)), each pass dropping at most {@code maxDropped} units. */
    private static float[] masks(SplittableRandom rng, float rate, double maxDropped) {
        float[] z = new float[PASSES * IN];
        for (int t = 0; t < PASSES; t++) {
            int dropped = 0;
            for (int i = 0; i < IN; i++) {
                boolean drop = rng.nextDouble() < rate && dropped < maxDropped;
                dropped += drop ? 1 : 0;
                z[t * IN + i] = drop ? 0f : 1f / (1f - rate);
            }
        }
        return z;
    }

    private static float[] normals(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return v;
    }
}
