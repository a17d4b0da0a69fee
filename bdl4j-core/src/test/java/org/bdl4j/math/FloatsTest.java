package org.bdl4j.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The conversions against values whose float and double representations are known exactly: dyadic
 * rationals (exact in both), 0.1 (whose nearest float is 0.100000001490116119384765625, IEEE 754
 * round-to-nearest) and the float range's ends.
 */
class FloatsTest {

    @Test
    void wideningIsExact() {
        float[] f = {0.5f, -3.25f, 0.1f, Float.MAX_VALUE, Float.MIN_VALUE, -0.0f, Float.NaN};
        double[] d = Floats.toDoubles(f);
        assertThat(d).hasSize(7);
        assertThat(d[0]).isEqualTo(0.5);
        assertThat(d[1]).isEqualTo(-3.25);
        assertThat(d[2]).isEqualTo(0.100000001490116119384765625);
        assertThat(d[3]).isEqualTo(3.4028234663852886e38);
        assertThat(d[4]).isEqualTo(1.401298464324817e-45);
        assertThat(Double.doubleToRawLongBits(d[5])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(d[6]).isNaN();
    }

    @Test
    void narrowingRoundsToTheNearestFloat() {
        // 0.1 -> 0.100000001490116119384765625f; 1 + 2^-30 -> 1 (below half an ulp of 1f = 2^-24);
        // 1e39 overflows the float range -> infinity
        float[] f = Floats.toFloats(new double[] {0.1, 1 + Math.scalb(1.0, -30), 1e39, -2.5});
        assertThat(f).containsExactly(0.1f, 1f, Float.POSITIVE_INFINITY, -2.5f);
        assertThat(Floats.toFloats(new double[0])).isEmpty();
    }

    @Test
    void roundToFloatRoundsInPlace() {
        double[] d = {0.1, 1 + Math.scalb(1.0, -30), 0.75};
        assertThat(Floats.roundToFloat(d)).isSameAs(d);
        assertThat(d).containsExactly(0.100000001490116119384765625, 1.0, 0.75);
    }

    @Test
    void roundTripOfFloatsIsTheIdentity() {
        float[] f = {1.1f, -7e-20f, 3e30f, 0f};
        assertThat(Floats.toFloats(Floats.toDoubles(f))).containsExactly(f);
    }
}
