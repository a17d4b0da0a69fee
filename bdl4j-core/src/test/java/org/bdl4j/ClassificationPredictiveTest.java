package org.bdl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bdl4j.metrics.ClassificationReport;
import org.junit.jupiter.api.Test;

/**
 * Averaged probabilities stay distributions: the round-off of a mean of softmax rows (an entry of
 * 1.0000000000000007 was seen from HMC samples and stopped {@code compare}; ensemble rows summed to 1
 * only within 5e-8) is removed, while a row that is not a distribution is left for the checks to refuse.
 */
class ClassificationPredictiveTest {
    private static final List<String> NAMES = List.of("a", "b", "c");

    @Test
    void theRoundOffOfAnAverageIsRemoved() {
        double[][] p = {{1.0000000000000007, 0.0, 0.0}, {0.2, 0.3, 0.5000000000000002}, {-1e-17, 0.5, 0.5}};
        ClassificationPredictive c = ClassificationPredictive.of(p, new double[3], NAMES);
        for (double[] row : c.probabilities()) {
            double sum = 0;
            for (double v : row) {
                assertThat(v).isBetween(0.0, 1.0);
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-15));
        }
        assertThat(c.probabilities()[0][0]).isEqualTo(1.0);
        // the metrics, which check every entry, accept it
        assertThat(ClassificationReport.of(c.probabilities(), new int[] {0, 2, 1}).nll()).isFinite();
    }

    /** Many float32 softmax rows averaged in double: the mean is a distribution to the last bit. */
    @Test
    void aMeanOfManySamplesIsADistribution() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        int s = 500;
        float[][][] samples = new float[s][1][3];
        for (int t = 0; t < s; t++) {
            double a = Math.exp(40 * r.nextGaussian()); // nearly one-hot rows, the case that overflowed
            double b = Math.exp(40 * r.nextGaussian());
            double z = a + b + 1;
            samples[t][0] = new float[] {(float) (a / z), (float) (b / z), (float) (1 / z)};
        }
        double[] row = ClassificationPredictive.ofSamples(samples, NAMES, false).probabilities()[0];
        for (double v : row) {
            assertThat(v).isBetween(0.0, 1.0);
        }
    }

    /**
     * The mean of float32 softmax rows (an ensemble's) sums to 1 only within ~1e-7; it comes out summing
     * to 1 within double round-off, while a row already within it is kept bit for bit.
     */
    @Test
    void aMeanOfFloatRowsSumsToOneInDoublePrecision() {
        double[][] p = {{0.1 + 3e-8, 0.2, 0.7}, {0.2, 0.3, 0.5 - 2e-8}, {0.1, 0.2, 0.7000000000000002}};
        double[] kept = p[2].clone();
        ClassificationPredictive c = ClassificationPredictive.of(p, new double[3], NAMES);
        for (int i = 0; i < 2; i++) {
            double sum = 0;
            for (double v : c.probabilities()[i]) {
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-15));
        }
        assertThat(c.probabilities()[2]).containsExactly(kept);
    }

    @Test
    void aRowThatIsNoDistributionIsNotSilentlyRepaired() {
        double[][] p = {{0.5, 0.7, 0.0}};
        ClassificationPredictive c = ClassificationPredictive.ofPoint(p, NAMES);
        assertThat(c.probabilities()[0]).containsExactly(0.5, 0.7, 0.0);
        assertThatThrownBy(() -> ClassificationReport.of(c.probabilities(), new int[] {0}))
                .hasMessageContaining("sums to 1.2");
    }
}
