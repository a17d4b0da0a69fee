package org.bdl4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TrainingDropout}: while training a share q = 1 − p of the units is kept (within four binomial
 * standard errors), each scaled by 1/q, the rest zero; the masks follow the layer's seed and nothing
 * else; outside training the layer is the identity.
 */
class TrainingDropoutTest {
    @Test
    void keepsAShareOneMinusPScaledByItsInverse() {
        int n = 200_000;
        float p = 0.3f;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] y = TrainingDropout.apply(m.ones(new Shape(n)), p, new SplittableRandom(5)).toFloatArray();
            int kept = 0;
            for (float v : y) {
                if (v != 0f) {
                    assertThat(v).isCloseTo(1f / (1f - p), within(1e-6f));
                    kept++;
                }
            }
            double q = 1 - p;
            assertThat((double) kept / n).isCloseTo(q, within(4 * Math.sqrt(q * (1 - q) / n)));
        }
    }

    @Test
    void masksFollowTheSeedAndTheIdentityOutsideTraining() {
        try (NDManager m = NDManager.newBaseManager()) {
            TrainingDropout layer = new TrainingDropout(0.5f);
            layer.initialize(m, DataType.FLOAT32, new Shape(4, 64));
            ParameterStore store = new ParameterStore(m, false);
            NDArray x = m.arange(256f).reshape(4, 64).add(1f);
            layer.seed(7);
            float[] first = layer.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
            float[] second = layer.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
            layer.seed(7);
            float[] again = layer.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray();
            assertThat(again).containsExactly(first);
            assertThat(second).as("the next mask of the stream").isNotEqualTo(first);
            assertThat(layer.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray())
                    .containsExactly(x.toFloatArray());
        }
    }

    /**
     * The mask is the documented rule, unit i of an odd-length input kept exactly when its 32-bit half
     * of the stream's draws (high half first) is below round(q·2³²), checked unit by unit against that
     * rule written out here with a branch, on a copy of the same stream.
     */
    @Test
    void eachUnitFollowsItsHalfOfTheStreamsDraws() {
        int n = 10_001;
        float p = 0.25f;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] y = TrainingDropout.apply(m.ones(new Shape(n)), p, new SplittableRandom(11)).toFloatArray();
            SplittableRandom reference = new SplittableRandom(11);
            long threshold = Math.round(0.75 * 4294967296.0);
            long bits = 0;
            for (int i = 0; i < n; i++) {
                if (i % 2 == 0) {
                    bits = reference.nextLong();
                }
                long u = i % 2 == 0 ? bits >>> 32 : bits & 0xFFFFFFFFL;
                assertThat(y[i]).as("unit %d", i).isEqualTo(u < threshold ? (float) (1.0 / 0.75) : 0f);
            }
        }
    }
}
