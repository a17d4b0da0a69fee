package org.bdl4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/** A task's head: the softmax over its logits alone (closed form), and bad heads. */
class ActiveOutputsTest {
    @Test
    void theSoftmaxOfTheHeadIsTheSoftmaxOverItsClassesAlone() {
        ActiveOutputs head = ActiveOutputs.of(4, 3, 1);
        double[] f = {2.0, -1.0, 5.0, 0.5};
        double z = Math.exp(-1.0) + Math.exp(0.5);
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray logits = m.create(f).toType(type, false).reshape(1, 4);
                double[] p = head.apply(logits).softmax(1).toType(DataType.FLOAT64, false).toDoubleArray();
                assertThat(p[0]).isZero();
                assertThat(p[2]).isZero();
                assertThat(p[1]).isCloseTo(Math.exp(-1.0) / z, within(1e-6));
                assertThat(p[3]).isCloseTo(Math.exp(0.5) / z, within(1e-6));
            }
        }
        assertThat(head.classes()).containsExactly(1, 3);
    }

    @Test
    void badHeadsAreRefused() {
        assertThatThrownBy(() -> ActiveOutputs.of(3)).hasMessage("a head needs at least one class");
        assertThatThrownBy(() -> ActiveOutputs.of(3, 0, 3)).hasMessage("class 3 is outside the 3 outputs");
        assertThatThrownBy(() -> ActiveOutputs.of(3, 1, 1)).hasMessage("class 1 is listed twice");
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> ActiveOutputs.of(3, 1).apply(m.zeros(new ai.djl.ndarray.types.Shape(2, 4))))
                    .hasMessage("the head is for 3 outputs, the network gives 4");
        }
    }
}
