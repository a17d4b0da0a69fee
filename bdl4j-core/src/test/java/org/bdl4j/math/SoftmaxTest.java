package org.bdl4j.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Softmax and log-sum-exp against closed forms (logits that are logarithms of known weights, where
 * softmax is the normalised weights and logsumexp the log of their sum) and against the textbook
 * formula exp(z_k) / Σ exp(z_j) evaluated naively where it cannot overflow (brute force).
 */
class SoftmaxTest {

    @Test
    void logitsOfKnownWeightsGiveTheNormalisedWeights() {
        // z = log(1, 2, 3): softmax = (1, 2, 3) / 6, logsumexp = log 6
        double[] z = {0, Math.log(2), Math.log(3)};
        double[] p = new double[3];
        Softmax.of(z, p);
        assertThat(p[0]).isCloseTo(1.0 / 6, within(1e-16));
        assertThat(p[1]).isCloseTo(2.0 / 6, within(1e-16));
        assertThat(p[2]).isCloseTo(3.0 / 6, within(1e-16));
        assertThat(Softmax.logSumExp(z)).isCloseTo(Math.log(6), within(1e-15));
    }

    @Test
    void equalLogitsGiveTheUniformDistribution() {
        // C equal logits: every probability is 1/C and logsumexp = z + log C, whatever z
        double[] p = new double[4];
        Softmax.of(new double[] {-7.5, -7.5, -7.5, -7.5}, p);
        assertThat(p).containsExactly(0.25, 0.25, 0.25, 0.25);
        assertThat(Softmax.logSumExp(new double[] {-7.5, -7.5, -7.5, -7.5}))
                .isCloseTo(-7.5 + Math.log(4), within(1e-15));
    }

    @Test
    void matchesTheNaiveFormulaWhereItDoesNotOverflow() {
        // brute force: exp(z_k) / Σ_j exp(z_j) and log Σ_j exp(z_j) with |z| <= 10, C = 2..9
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int c = 2 + rng.nextInt(8);
            double[] z = new double[c];
            double sum = 0;
            for (int k = 0; k < c; k++) {
                z[k] = rng.nextDouble(-10, 10);
                sum += Math.exp(z[k]);
            }
            double[] p = new double[c];
            Softmax.of(z, p);
            for (int k = 0; k < c; k++) {
                double naive = Math.exp(z[k]) / sum;
                assertThat(p[k]).isCloseTo(naive, within(1e-14 * naive));
            }
            assertThat(Softmax.logSumExp(z)).isCloseTo(Math.log(sum), within(1e-14));
        }
    }

    @Test
    void largeLogitsDoNotOverflow() {
        // exp(1000) overflows, but softmax(1000, 999) is the logistic pair (1 / (1 + e^-1), 1 / (1 + e))
        // (the gap of 1 is exact) and logsumexp(1000, 1000) = 1000 + log 2
        double[] p = new double[2];
        Softmax.of(new double[] {1000, 999}, p);
        assertThat(p[0]).isCloseTo(1 / (1 + Math.exp(-1)), within(1e-15));
        assertThat(p[1]).isCloseTo(1 / (1 + Math.E), within(1e-15));
        assertThat(Softmax.logSumExp(new double[] {1000, 1000})).isCloseTo(1000 + Math.log(2), within(1e-12));
        assertThat(Softmax.logSumExp(new double[] {-1000, -1000})).isCloseTo(-1000 + Math.log(2), within(1e-12));
    }

    @Test
    void inPlaceEqualsIntoAnotherArray() {
        double[] z = {0.3, -1.2, 2.5, 0.0};
        double[] out = new double[4];
        Softmax.of(z, out);
        double[] inPlace = z.clone();
        Softmax.of(inPlace, inPlace);
        assertThat(inPlace).containsExactly(out);
    }

    @Test
    void floatRowsAreTheDoubleSoftmaxOfTheWidenedLogits() {
        // n = 2 rows of C = 3 in one flat row-major array; widening float to double is exact, so the
        // rows must equal the double softmax of the widened values bit for bit
        float[] logits = {1.5f, -0.25f, 3.0f, 0.1f, 0.2f, 0.3f};
        double[][] p = Softmax.ofRows(logits, 2, 3);
        float[][] pf = Softmax.ofRowsAsFloats(logits, 2, 3);
        for (int i = 0; i < 2; i++) {
            double[] widened = {logits[3 * i], logits[3 * i + 1], logits[3 * i + 2]};
            double[] expected = new double[3];
            Softmax.of(widened, expected);
            assertThat(p[i]).containsExactly(expected);
            for (int k = 0; k < 3; k++) {
                assertThat(pf[i][k]).isEqualTo((float) expected[k]);
            }
        }
        double[] row = new double[3];
        Softmax.ofRow(logits, 3, row);
        assertThat(row).containsExactly(p[1]);
    }

    @Test
    void maxOfARow() {
        assertThat(Softmax.max(new double[] {-3, 2.5, 1})).isEqualTo(2.5);
        assertThat(Softmax.max(new double[0])).isEqualTo(Double.NEGATIVE_INFINITY);
    }
}
