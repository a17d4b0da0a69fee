package org.bdl4j.vi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.Arrays;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.data.EvaluationSet;
import org.bdl4j.data.GeneratedSets;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Methods;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.api.Test;

/**
 * VI's defaults with validation rows (500 training rows: 50 held out) on moons in ten dimensions, a
 * set where the ELBO's own optimum fits worse than the MAP: q starts at the diagonal Laplace
 * approximation with its σ scaled by the c of smallest validation NLL, and the q of best validation NLL
 * is kept. Its test NLL (500 rows) must not exceed the MAP's by more than 0.02 nats (about the Monte
 * Carlo error of 100 predictive draws there), and q must have moved off the MAP: a mean mutual
 * information above 1e-3 nats on the test rows. Measured: MAP 0.297, VI 0.195 (mean MI 0.107),
 * c = 1/16, best q after 500 of 750 epochs (under the earlier rule, the widest c not clearly worse:
 * VI 0.264, c = 1/4).
 */
class ViValidationTest {
    @Test
    void theQKeptPredictsHeldOutRowsAtLeastAboutAsWellAsTheMap() {
        EvaluationSet set = GeneratedSets.generate(GeneratedSets.named("moons-n500-d10"));
        FitRequest request = FitRequest.fromOptions(set.train(), null,
                OptionValues.empty().with(RequestOptions.SEED, set.seed())).build();
        assertThat(request.validation()).isPresent();
        try (MapPosterior map = MapMethod.train(request);
                ViPosterior vi = (ViPosterior) Methods.fit(Methods.get(Vi.METHOD), request.withBase(map))) {
            double mapNll = PredictiveReports.meanNll(map.predict(set.test()), set.test());
            ClassificationPredictive p = vi.predictClasses(set.test());
            double viNll = PredictiveReports.meanNll(p, set.test());
            double mi = Arrays.stream(p.mutualInformation()).average().orElseThrow();
            JsonObject d = vi.diagnostics();
            System.out.printf("VI with validation rows: test NLL %.4f (MAP %.4f), mean MI %.4f, start scale %s,"
                    + " best epoch %s of %s%n", viNll, mapNll, mi, d.get("initialSigmaScale"),
                    d.get("bestValidationEpoch"), d.get("viEpochs"));
            assertThat(viNll).isLessThanOrEqualTo(mapNll + 0.02);
            assertThat(mi).isGreaterThan(1e-3);
            double c = d.get("initialSigmaScale").getAsDouble();
            assertThat(c).isGreaterThan(0).isLessThanOrEqualTo(1);
            assertThat(Math.log(c) / Math.log(0.5)).isCloseTo(Math.rint(Math.log(c) / Math.log(0.5)),
                    org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    /**
     * The battery's sine-homo-n100 (80 training rows, 20 for validation, 500 test rows), where choosing the
     * widest start scale not clearly worse than the best predicted 1.220 times the MAP's test NLL (0.1107
     * against 0.0907): with the scale of smallest validation NLL VI must stay within the 1.1 times
     * the MAP's. Measured when written: 1.0003.
     */
    @Test
    void onTwentyValidationRowsTheStartScaleDoesNotMakeVIClearlyWorseThanTheMap() {
        EvaluationSet set = GeneratedSets.generate(GeneratedSets.named("sine-homo-n100"));
        FitRequest request = FitRequest.fromOptions(set.train(), null,
                OptionValues.empty().with(RequestOptions.SEED, set.seed())).build();
        assertThat(request.validation().orElseThrow().rows()).isEqualTo(20);
        try (MapPosterior map = MapMethod.train(request);
                ViPosterior vi = (ViPosterior) Methods.fit(Methods.get(Vi.METHOD), request.withBase(map))) {
            double mapNll = PredictiveReports.meanNll(map.predict(set.test()), set.test());
            double viNll = PredictiveReports.meanNll(vi.predict(set.test()), set.test());
            System.out.printf("sine-homo-n100: VI %.4f, MAP %.4f, ratio %.4f%n", viNll, mapNll, viNll / mapNll);
            assertThat(mapNll).isPositive();
            assertThat(viNll).isLessThanOrEqualTo(1.1 * mapNll);
        }
    }
}
