package org.bdl4j.curvature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grouping of block pairs (o, o' ≥ o) of the single-layer full curvature. */
class PairWeightsTest {
    @Test
    void groupsCoverEveryPairOnceInRowMajorOrderAndHoldAtMostTheirShare() {
        for (int out : new int[] {1, 3, 10, 12, 40}) {
            for (int max : new int[] {1, 5, 64}) {
                List<int[]> seen = new ArrayList<>();
                for (List<PairWeights.Segment> group : PairWeights.groups(out, max)) {
                    int pairs = 0;
                    for (PairWeights.Segment s : group) {
                        assertThat(s.from()).isGreaterThanOrEqualTo(s.o()).isLessThan(s.to());
                        assertThat(s.to()).isLessThanOrEqualTo(out);
                        for (int o2 = s.from(); o2 < s.to(); o2++) {
                            seen.add(new int[] {s.o(), o2});
                        }
                        pairs += s.pairs();
                    }
                    assertThat(pairs).isBetween(1, max);
                }
                List<int[]> expected = new ArrayList<>();
                for (int o = 0; o < out; o++) {
                    for (int o2 = o; o2 < out; o2++) {
                        expected.add(new int[] {o, o2});
                    }
                }
                assertThat(seen).hasSameSizeAs(expected);
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(seen.get(i)).as("out %d, max %d, pair %d", out, max, i).containsExactly(expected.get(i));
                }
            }
        }
    }
}
