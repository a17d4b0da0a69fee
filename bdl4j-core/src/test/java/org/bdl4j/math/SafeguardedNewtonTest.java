package org.bdl4j.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SafeguardedNewtonTest {

    @Test
    void findsTheMinimiserOfASmoothConvexFunction() {
        // f = e^x - 2x: g = e^x - 2, h = e^x, minimiser ln 2
        int[] evals = {0};
        double x = SafeguardedNewton.minimise((v, out) -> {
            evals[0]++;
            out[0] = Math.exp(v) - 2;
            out[1] = Math.exp(v);
        }, -10, 10, 0);
        assertThat(x).isCloseTo(Math.log(2), within(1e-15));
        assertThat(evals[0]).isLessThanOrEqualTo(8);
    }

    @Test
    void bisectionRescuesNewtonWhereNewtonAloneDiverges() {
        // f' = atan(x - 3): from x = 10 a plain Newton step overshoots to about -20 and diverges
        double x = SafeguardedNewton.minimise((v, out) -> {
            out[0] = Math.atan(v - 3);
            out[1] = 1 / (1 + (v - 3) * (v - 3));
        }, -100, 100, 10);
        assertThat(x).isCloseTo(3, within(1e-12));
    }

    @Test
    void returnsTheNearestEndWhenTheMinimiserIsOutside() {
        SafeguardedNewton.Derivatives rising = (v, out) -> {
            out[0] = v + 5; // minimiser -5
            out[1] = 1;
        };
        assertThat(SafeguardedNewton.minimise(rising, 1, 4, 2)).isEqualTo(1);
        assertThat(SafeguardedNewton.minimise(rising, -20, -8, -10)).isEqualTo(-8);
    }
}
