package org.bdl4j.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.EvaluationSet;
import org.bdl4j.data.GeneratedSets;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/**
 * {@link SmallestValidationNll} on three MAPs of one small set trained for 1, 20 and 300 epochs: the one
 * kept must be the one whose mean validation NLL, computed here independently, is smallest, and every
 * other candidate must be closed the moment it loses (its predict then fails). Offered in the order
 * 20, 300, 1 epochs (measured: 0.354, 0.043, 0.677), the second replaces the first and the third loses at once.
 */
class SmallestValidationNllTest {
    @Test
    void keepsTheSmallestAndClosesEveryOther() {
        EvaluationSet set = GeneratedSets.generate(GeneratedSets.named("moons-n100"));
        Dataset validation = set.test().slice(0, 100);
        List<MapPosterior> fitted = new ArrayList<>();
        double[] nll = new double[3];
        int[] epochs = {1, 20, 300};
        for (int k = 0; k < 3; k++) {
            FitRequest r = FitRequest.fromOptions(set.train(), null, OptionValues.empty().with(RequestOptions.SEED, 1L)
                    .with(TrainingOptions.EPOCHS, epochs[k]).with(RequestOptions.VALIDATION_FRACTION, 0.0)).build();
            MapPosterior m = MapMethod.train(r);
            nll[k] = PredictiveReports.meanNll(m.predict(validation), validation);
            fitted.add(m);
        }
        int smallest = nll[0] <= nll[1] && nll[0] <= nll[2] ? 0 : nll[1] <= nll[2] ? 1 : 2;
        try (SmallestValidationNll<MapPosterior> choice = new SmallestValidationNll<>(validation)) {
            for (int k : new int[] {1, 2, 0}) { // a later candidate both replaces a kept one and loses at once
                assertThat(choice.offer(fitted.get(k))).isCloseTo(nll[k], within(1e-12));
            }
            try (MapPosterior kept = choice.take()) {
                assertThat(kept).isSameAs(fitted.get(smallest));
                for (int k = 0; k < 3; k++) {
                    if (k != smallest) {
                        int closed = k;
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fitted.get(closed).predict(validation))
                                .as("candidate %d was closed", k).isInstanceOf(RuntimeException.class);
                    }
                }
            }
        }
        System.out.printf("validation NLL after 1, 20, 300 epochs: %.4f %.4f %.4f%n", nll[0], nll[1], nll[2]);
        assertThat(nll[0]).as("one epoch fits clearly worse: the last offered loses")
                .isGreaterThan(Math.min(nll[1], nll[2]) + 0.05);
        assertThat(smallest).as("the kept one is not the first offered").isNotEqualTo(1);
    }
}
