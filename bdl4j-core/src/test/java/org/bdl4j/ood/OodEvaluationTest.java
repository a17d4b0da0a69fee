package org.bdl4j.ood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The detection metrics by hand, and the bootstrap intervals' coverage by simulation. */
class OodEvaluationTest {
    /**
     * In-distribution scores 1..20, OOD scores 15.5, 21, 22, 23. By hand:
     * <ul>
     *   <li>AUROC: three OOD rows beat all 20, one beats 15 of 20: (60 + 15) / 80 = 0.9375;
     *   <li>AUPR-out (OOD positive, descending 23, 22, 21, 20..16, 15.5): the first three at precision 1,
     *       the fourth after 5 in-distribution rows at 4/9, AP = (3 + 4/9) / 4 = 0.8611111;
     *   <li>FPR95: accepting 95% of 20 in-distribution rows (19 of them, scores up to 19) accepts the OOD
     *       row 15.5, so 1/4 = 0.25;
     *   <li>AUPR-in (in-distribution positive, ascending score): rows 1..15 at precision 1, then 15.5
     *       (OOD) comes before 16..20, at precisions 16/17, 17/18, 18/19, 19/20, 20/21:
     *       (15 + 16/17 + 17/18 + 18/19 + 19/20 + 20/21) / 20.
     * </ul>
     */
    @Test
    void metricsByHand() {
        double[] in = new double[20];
        for (int i = 0; i < 20; i++) {
            in[i] = i + 1;
        }
        double[] out = {15.5, 21, 22, 23};
        OodEvaluation e = OodEvaluation.of(in, out, 0, 0.95, 1);
        assertThat(e.auroc().value()).isEqualTo(0.9375);
        assertThat(e.auprOut().value()).isCloseTo((3 + 4.0 / 9) / 4, within(1e-12));
        assertThat(e.fpr95().value()).isEqualTo(0.25);
        assertThat(e.auprIn().value()).isCloseTo((15 + 16.0 / 17 + 17.0 / 18 + 18.0 / 19 + 19.0 / 20 + 20.0 / 21) / 20,
                within(1e-12));
        assertThat(e.auroc().lower()).isNaN();
    }

    /**
     * Coverage of the 95% percentile intervals for AUROC: 200 repetitions of 100 N(0, 1) in-distribution
     * scores against 100 N(1, 1) OOD scores, whose AUROC is Φ(1/√2) = 0.7602499. The coverage must lie
     * within 3 binomial standard deviations (0.046 at 200 repetitions) of 0.95, allowing the percentile
     * bootstrap's known slight under-coverage at this size: [0.90, 0.995].
     */
    @Test
    void theAurocIntervalCoversTheTrueValueAtItsLevel() {
        double truth = 0.7602499;
        SplittableRandom r = new SplittableRandom(11);
        int covered = 0;
        int reps = 200;
        for (int k = 0; k < reps; k++) {
            double[] in = new double[100];
            double[] out = new double[100];
            for (int i = 0; i < 100; i++) {
                in[i] = r.nextGaussian();
                out[i] = 1 + r.nextGaussian();
            }
            OodEvaluation e = OodEvaluation.of(in, out, 400, 0.95, k);
            assertThat(e.auroc().lower()).isLessThanOrEqualTo(e.auroc().value());
            assertThat(e.auroc().upper()).isGreaterThanOrEqualTo(e.auroc().value());
            if (e.auroc().lower() <= truth && truth <= e.auroc().upper()) {
                covered++;
            }
        }
        assertThat(covered / (double) reps).isBetween(0.90, 0.995);
    }

    @Test
    void theSameSeedGivesTheSameIntervals() {
        double[] in = {0.1, 0.4, 0.2, 0.9};
        double[] out = {0.5, 0.8, 0.3};
        assertThat(OodEvaluation.of(in, out, 50, 0.9, 5)).isEqualTo(OodEvaluation.of(in, out, 50, 0.9, 5));
    }

    @Test
    void badInputIsRefusedInOneLine() {
        assertThatThrownBy(() -> OodEvaluation.of(new double[] {1}, new double[0], 10, 0.95, 1))
                .hasMessage("OOD evaluation needs in-distribution and OOD rows, found 1 and 0");
        assertThatThrownBy(() -> OodEvaluation.of(new double[] {1}, new double[] {2}, -1, 0.95, 1))
                .hasMessage("bootstrap replicates must be >= 0, found -1");
        assertThatThrownBy(() -> OodEvaluation.of(new double[] {1}, new double[] {2}, 1, 1.0, 1))
                .hasMessage("the interval level must be in (0, 1), found 1.0");
    }
}
