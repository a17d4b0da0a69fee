package org.bdl4j.conformal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import org.bdl4j.PosthocReference;
import org.junit.jupiter.api.Test;

class ScoresTest {
    private static final JsonObject REF = PosthocReference.section("scores");
    private static final double[][] PROBS = PosthocReference.matrix(REF.getAsJsonArray("probs"));
    private static final double[] U = PosthocReference.doubles(REF.getAsJsonArray("u"));

    private static void check(ClassificationScore score, double[][] expected) {
        double[] out = new double[PROBS[0].length];
        for (int i = 0; i < PROBS.length; i++) {
            double u = score.randomized() ? U[i] : 1.0;
            score.scores(PROBS[i], u, out);
            assertThat(out).as("%s row %d", score, i).containsExactly(expected[i], within(1e-15));
            for (int k = 0; k < out.length; k++) {
                assertThat(score.score(PROBS[i], k, u)).isEqualTo(out[k]);
            }
        }
    }

    private static ClassificationScore adaptive(String key) {
        JsonObject c = REF.getAsJsonObject(key);
        return ClassificationScore.raps(c.get("k_reg").getAsInt(), c.get("lambda").getAsDouble(),
                c.get("randomized").getAsBoolean());
    }

    @Test
    void scoresMatchTheTorchCpStyleReference() {
        check(ClassificationScore.lac(), PosthocReference.matrix(REF.getAsJsonArray("lac")));
        for (String key : new String[] {"aps", "aps_randomized", "raps", "raps_randomized"}) {
            check(adaptive(key), PosthocReference.matrix(REF.getAsJsonObject(key).getAsJsonArray("scores")));
        }
    }

    @Test
    void apsByHandWithTies() {
        // p = (0.5, 0.2, 0.2, 0.1): order 0, 1, 2 (tie broken by index), 3
        double[] p = {0.5, 0.2, 0.2, 0.1};
        double[] out = new double[4];
        ClassificationScore.aps(false).scores(p, 1.0, out);
        assertThat(out).containsExactly(new double[] {0.5, 0.7, 0.9, 1.0}, within(1e-15));
        ClassificationScore.aps(true).scores(p, 0.25, out);
        assertThat(out).containsExactly(new double[] {0.125, 0.55, 0.75, 0.925}, within(1e-15));
        // RAPS, k_reg = 1, lambda = 0.1: ranks 1..4 get penalties 0, 0.1, 0.2, 0.3
        ClassificationScore.raps(1, 0.1, false).scores(p, 1.0, out);
        assertThat(out).containsExactly(new double[] {0.5, 0.8, 1.1, 1.3}, within(1e-15));
    }

    @Test
    void namesAndParameters() {
        assertThat(ClassificationScore.parse("LAC", 1, 0.1).name()).isEqualTo("lac");
        assertThat(ClassificationScore.parse("aps", 1, 0.1).randomized()).isTrue();
        assertThat(ClassificationScore.parse("raps", 1, 0.1).name()).isEqualTo("raps");
        assertThatThrownBy(() -> ClassificationScore.parse("thr", 1, 0.1))
                .hasMessage("score must be lac, aps or raps, found 'thr'");
        assertThatThrownBy(() -> ClassificationScore.raps(-1, 0.1, true)).hasMessage("k-reg must be >= 0, found -1");
        assertThatThrownBy(() -> ClassificationScore.raps(1, -0.5, true))
                .hasMessage("lambda must be >= 0, found -0.5");
        assertThat(RegressionScore.parse("CQR").name()).isEqualTo("cqr");
        assertThatThrownBy(() -> RegressionScore.parse("abs"))
                .hasMessage("score must be absolute, normalized or cqr, found 'abs'");
    }
}
