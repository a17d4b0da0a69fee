package org.bdl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RegressionPredictiveTest {
    private final RegressionPredictive p = new RegressionPredictive(new double[] {1.0, -2.0, 5.0},
            new double[] {4.0, 0.25, 0.0}, new double[] {0.0, 0.0, 0.0});

    @Test
    void gaussianQuantilesAreMeanPlusZTimesStd() {
        // z_0.95 = 1.6448536269514722 (scipy.stats.norm.ppf(0.95))
        double z = 1.6448536269514722;
        assertThat(p.quantile(0.95)).containsExactly(new double[] {1 + 2 * z, -2 + 0.5 * z, 5.0}, within(1e-12));
        assertThat(p.quantile(0.05)).containsExactly(new double[] {1 - 2 * z, -2 - 0.5 * z, 5.0}, within(1e-12));
        assertThat(p.quantile(0.5)).containsExactly(1.0, -2.0, 5.0);
        RegressionPredictive.Interval i = p.interval(0.9);
        assertThat(i.lower()).containsExactly(p.quantile(0.05), within(1e-12));
        assertThat(i.upper()).containsExactly(p.quantile(0.95), within(1e-12));
        assertThat(p.isGaussian()).isTrue();
    }

    @Test
    void aLevelMapMovesTheQuantilesButNotTheMoments() {
        RegressionPredictive r = p.withLevelMap(q -> q * q);
        assertThat(r.isGaussian()).isFalse();
        assertThat(r.mean()).containsExactly(p.mean());
        assertThat(r.std()).containsExactly(p.std());
        assertThat(r.quantile(0.9)).containsExactly(p.quantile(0.81));
        RegressionPredictive.Interval i = r.interval(0.5);
        assertThat(i.lower()).containsExactly(p.quantile(0.0625));
        assertThat(i.upper()).containsExactly(p.quantile(0.5625));
        assertThatThrownBy(() -> r.withLevelMap(q -> q)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void quantileLevelsOutsideTheOpenUnitIntervalAreRejected() {
        assertThatThrownBy(() -> p.quantile(1.0)).hasMessage("q must be in (0, 1), found 1.0");
        assertThatThrownBy(() -> p.quantile(Double.NaN)).hasMessage("q must be in (0, 1), found NaN");
    }

    /**
     * ofSamples: means 1, 3 and 0, 0 by hand give mean (2, 0) and epistemic variance (1, 0); the samples are
     * kept when asked, shared by a level map, and checked for their row count.
     */
    @Test
    void sampleMeansGiveTheMomentsAndAreKeptThroughALevelMap() {
        float[][] f = {{1, 0}, {3, 0}};
        RegressionPredictive r = RegressionPredictive.ofSamples(f, new double[] {0.5, 0.5}, true);
        assertThat(r.mean()).containsExactly(2, 0);
        assertThat(r.epistemicVariance()).containsExactly(1, 0);
        assertThat(r.sampleMeans()).containsSame(f);
        assertThat(r.withLevelMap(q -> q).sampleMeans()).containsSame(f);
        assertThat(RegressionPredictive.ofSamples(f, new double[] {0.5, 0.5}, false).sampleMeans()).isEmpty();
        assertThat(p.sampleMeans()).isEmpty();
        assertThatThrownBy(() -> new RegressionPredictive(new double[2], new double[2], new double[2],
                new float[][] {{1, 2, 3}})).hasMessage("every sample of means needs 2 rows, found 3");
        assertThat(RegressionPredictive.keepsSamples(4096, 4096)).isTrue();
        assertThat(RegressionPredictive.keepsSamples(4096, 4097)).isFalse();
    }
}
