package org.bdl4j.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The conformal threshold by hand, its acceptance guarantee by simulation, and its JSON form. */
class RejectionRuleTest {
    /** n = 19, τ = 0.95: k = ⌈0.95 · 20⌉ = 19, the largest of the 19 scores. */
    @Test
    void thresholdIsTheConformalOrderStatistic() {
        double[] s = new double[19];
        for (int i = 0; i < 19; i++) {
            s[i] = 19 - i; // 19 .. 1, unsorted order
        }
        RejectionRule rule = RejectionRule.fit(OodScore.ENTROPY, s, 0.95);
        assertThat(rule.threshold()).isEqualTo(19.0);
        assertThat(rule.rejects(new double[] {19, 19.5, Double.NaN})).containsExactly(false, true, true);
        // n = 30, τ = 0.9: k = ⌈27.9⌉ = 28
        double[] t = new double[30];
        for (int i = 0; i < 30; i++) {
            t[i] = i + 1;
        }
        assertThat(RejectionRule.fit(OodScore.MSP, t, 0.9).threshold()).isEqualTo(28.0);
    }

    /**
     * For exchangeable continuous scores a new row is accepted with probability exactly k / (n + 1) =
     * 28/31 = 0.903226 (n = 30, τ = 0.9). 20,000 repetitions: standard error 0.0021; the estimate must be
     * within 4 of them.
     */
    @Test
    void aNewInDistributionRowIsAcceptedWithTheGuaranteedProbability() {
        SplittableRandom r = new SplittableRandom(5);
        int reps = 20_000;
        int accepted = 0;
        for (int k = 0; k < reps; k++) {
            double[] s = new double[30];
            for (int i = 0; i < s.length; i++) {
                s[i] = r.nextGaussian();
            }
            RejectionRule rule = RejectionRule.fit(OodScore.ENTROPY, s, 0.9);
            if (!rule.rejects(new double[] {r.nextGaussian()})[0]) {
                accepted++;
            }
        }
        double p = 28.0 / 31;
        double se = Math.sqrt(p * (1 - p) / reps);
        assertThat(accepted / (double) reps).isBetween(p - 4 * se, p + 4 * se);
    }

    @Test
    void tooFewRowsAreRefused() {
        assertThatThrownBy(() -> RejectionRule.fit(OodScore.ENTROPY, new double[18], 0.95))
                .hasMessage("a rejection rule at acceptance rate 0.95 needs at least 19 in-distribution rows, found 18");
    }

    @Test
    void jsonRoundTripAndAMissingField() {
        RejectionRule rule = new RejectionRule(OodScore.ENERGY, -3.25, 0.95, 500);
        assertThat(RejectionRule.fromJson(rule.toJson())).isEqualTo(rule);
        JsonObject o = rule.toJson();
        o.remove("threshold");
        assertThatThrownBy(() -> RejectionRule.fromJson(o)).hasMessage("rejection rule: missing field 'threshold'");
    }
}
