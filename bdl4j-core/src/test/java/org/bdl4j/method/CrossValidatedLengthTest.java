package org.bdl4j.method;

import static org.assertj.core.api.Assertions.assertThat;

import org.bdl4j.data.Dataset;
import org.bdl4j.data.EvaluationSet;
import org.bdl4j.data.GeneratedSets;
import org.bdl4j.data.SetFamily;
import org.bdl4j.data.SetSpec;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/**
 * Below 100 rows no validation rows are held out, and the training length comes from 5-fold
 * cross-validation ({@link CrossValidatedLength}).
 */
class CrossValidatedLengthTest {
    /** 40 rows of y = wᵀx/√5 + b + 0.5 ε with 5 features, and 500 test rows. */
    private static EvaluationSet linear40() {
        return GeneratedSets.generate(new SetSpec("linear-n40-d5", SetFamily.LINEAR, 40, 5, 0));
    }

    /**
     * The reference any regression model must beat: the Gaussian with the training targets' mean and
     * variance, whose test NLL is computed here directly. Trained until the objective levels off, the
     * MAP's fitted σ collapsed onto its interpolating residuals (test NLL in the thousands); with the
     * cross-validated length it must beat this baseline.
     */
    @Test
    void smallRegressionStopsWhereCrossValidationSaysAndBeatsTheConstantPredictor() {
        EvaluationSet set = linear40();
        FitRequest request = FitRequest.fromOptions(set.train(), null, OptionValues.empty()
                .with(RequestOptions.SEED, 3L)).build();
        assertThat(request.validation()).isEmpty();
        assertThat(request.trainer().budget().fixed()).isTrue();
        assertThat(request.trainer().budget().origin()).get().asString().endsWith("the median best of 5-fold"
                + " cross-validation");
        float[] y = set.train().targets();
        double mean = 0;
        for (float v : y) {
            mean += v / (double) y.length;
        }
        double var = 0;
        for (float v : y) {
            var += (v - mean) * (v - mean) / y.length;
        }
        double baseline = 0;
        Dataset test = set.test();
        for (float v : test.targets()) {
            baseline += (0.5 * Math.log(2 * Math.PI * var) + (v - mean) * (v - mean) / (2 * var)) / test.rows();
        }
        try (MapPosterior map = MapMethod.train(request)) {
            double nll = org.bdl4j.math.Vectors.mean(PredictiveReports.rowNll(map.predict(test), test));
            System.out.printf("linear-n40-d5: MAP test NLL %.4f with %s, constant predictor %.4f%n", nll,
                    request.trainer().budget(), baseline);
            assertThat(nll).isLessThan(baseline);
        }
    }

    @Test
    void aGivenLengthOrValidationRowsAreNotCrossValidated() {
        EvaluationSet set = linear40();
        FitRequest given = FitRequest.fromOptions(set.train(), null, OptionValues.empty()
                .with(TrainingOptions.EPOCHS, 7)).build();
        assertThat(given.trainer().budget().origin()).isEmpty();
        assertThat(given.trainer().budget().describe()).isEqualTo("7");
        FitRequest validated = FitRequest.fromOptions(set.train(), null, OptionValues.empty()
                .with(RequestOptions.VALIDATION_FRACTION, 0.25)).build();
        assertThat(validated.validation()).isPresent();
        assertThat(validated.trainer().budget().fixed()).isFalse();
        EvaluationSet large = GeneratedSets.generate(GeneratedSets.named("linear-n100-d5"));
        FitRequest split = FitRequest.fromOptions(large.train(), null, OptionValues.empty()).build();
        assertThat(split.validation()).isPresent();
        assertThat(split.trainer().budget().fixed()).isFalse();
    }
}
