package org.bdl4j.dropout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/**
 * MC dropout's default rate with validation rows: the rate of the grid 0.005, 0.01, 0.05, 0.1 whose
 * predictive has the smallest validation NLL, checked by brute force: each rate fitted again with
 * {@code --mc-rate} given (same seed, same rows) and scored on the same validation rows. Without
 * validation rows the rate is the documented fixed default.
 */
class McDropoutRateTest {
    private static final double[] GRID = {0.005, 0.01, 0.05, 0.1};

    @Test
    void withValidationRowsTheRateIsTheGridsBestOnThem() {
        Dataset data = TestTables.blobs(150, 2, 3, 7);
        OptionValues options = OptionValues.empty().with(RequestOptions.SEED, 3L).with(TrainingOptions.EPOCHS, 15);
        FitRequest request = FitRequest.fromOptions(data, null, options).build();
        Dataset validation = request.validation().orElseThrow();
        List<Double> nlls = new ArrayList<>();
        for (double rate : GRID) {
            FitRequest given = FitRequest.fromOptions(data, null, options.with(McDropoutMethod.RATE, rate)).build();
            try (McDropout mc = (McDropout) Methods.fit("mc-dropout", given)) {
                assertThat((double) mc.trainingRate()).isCloseTo(rate, org.assertj.core.api.Assertions.within(1e-7));
                nlls.add(PredictiveReports.meanNll(mc.predict(validation), validation));
            }
        }
        int best = 0;
        for (int i = 1; i < GRID.length; i++) {
            best = nlls.get(i) < nlls.get(best) ? i : best;
        }
        System.out.println("MC dropout validation NLL by rate " + java.util.Arrays.toString(GRID) + ": " + nlls);
        try (McDropout chosen = (McDropout) Methods.fit("mc-dropout", request)) {
            assertThat((double) chosen.trainingRate()).as("validation NLLs %s", nlls)
                    .isCloseTo(GRID[best], org.assertj.core.api.Assertions.within(1e-7));
        }
    }

    @Test
    void withoutValidationRowsTheRateIsTheFixedDefault() {
        Dataset data = TestTables.blobs(60, 2, 3, 7);
        OptionValues options = OptionValues.empty().with(RequestOptions.SEED, 3L).with(TrainingOptions.EPOCHS, 5);
        FitRequest request = FitRequest.fromOptions(data, null, options).build();
        assertThat(request.validation()).isEmpty();
        try (McDropout mc = (McDropout) Methods.fit("mc-dropout", request)) {
            assertThat((double) mc.trainingRate()).isCloseTo(McDropoutMethod.DEFAULT_RATE,
                    org.assertj.core.api.Assertions.within(1e-7));
        }
    }
}
