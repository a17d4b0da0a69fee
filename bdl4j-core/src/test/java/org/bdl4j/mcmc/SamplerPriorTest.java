package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bdl4j.BayesianLinearRegression;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.mcmc.SamplerPrior.Family;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/**
 * Which priors HMC and SGLD run under ({@link SamplerPrior}): the candidates of each choice, the
 * conflicting options, the search keeping the lowest validation NLL, and both samplers recording the
 * prior they kept.
 */
class SamplerPriorTest {
    private static List<String> candidates(SamplerPrior prior, boolean validation) {
        Dataset train = BayesianLinearRegression.data();
        try (MapPosterior map = BayesianLinearRegression.knownNoiseModel(train)) {
            return prior.candidates(map, map.network(), validation).stream().map(GaussianWeightPrior::describe)
                    .toList();
        }
    }

    @Test
    void autoTriesTheMapsPriorAndTwoFanInScalesOnlyWithValidationRowsAndNothingGiven() {
        String mapPrior = GaussianWeightPrior.uniform(BayesianLinearRegression.LAMBDA, 3).describe();
        assertThat(candidates(SamplerPrior.auto(), true)).containsExactly(mapPrior,
                "fan-in N(0, s/fan-in), s = 1.00", "fan-in N(0, s/fan-in), s = 3.00");
        assertThat(candidates(SamplerPrior.auto(), false)).containsExactly(mapPrior);
        assertThat(candidates(SamplerPrior.of(Family.AUTO, 5.0, null), true))
                .containsExactly("uniform N(0, 1/λ), λ = 5.00");
        assertThat(candidates(SamplerPrior.of(Family.AUTO, null, 2.0), true))
                .containsExactly("fan-in N(0, s/fan-in), s = 2.00");
        assertThat(candidates(SamplerPrior.of(Family.UNIFORM, null, null), true)).containsExactly(mapPrior);
        assertThat(candidates(SamplerPrior.of(Family.FAN_IN, null, null), true))
                .containsExactly("fan-in N(0, s/fan-in), s = 1.00");
    }

    @Test
    void optionsOfTheOtherFamilyAreRefused() {
        assertThatThrownBy(() -> SamplerPrior.of(Family.UNIFORM, null, 2.0)).hasMessage(
                "--prior-scale is the fan-in prior's; --weight-prior uniform takes --prior-precision");
        assertThatThrownBy(() -> SamplerPrior.of(Family.FAN_IN, 2.0, null)).hasMessage(
                "--prior-precision is the uniform prior's; --weight-prior fan-in takes --prior-scale");
        assertThatThrownBy(() -> SamplerPrior.of(Family.AUTO, 1.0, 2.0)).hasMessage(
                "give --prior-precision (uniform prior) or --prior-scale (fan-in prior), not both");
        assertThat(SamplerPrior.fromOptions(OptionValues.empty().with(SamplerPrior.FAMILY, Family.FAN_IN)
                .with(SamplerPrior.SCALE, 3.0)).family()).isEqualTo(Family.FAN_IN);
        assertThat(candidates(SamplerPrior.fromOptions(OptionValues.empty()
                .with(TrainingOptions.PRIOR_PRECISION, 7.0)), true)).containsExactly("uniform N(0, 1/λ), λ = 7.00");
    }

    @Test
    void theSearchKeepsTheLowestValidationNllAndListsEveryCandidate() {
        List<GaussianWeightPrior> priors = List.of(GaussianWeightPrior.uniform(1, 2),
                GaussianWeightPrior.uniform(10, 2), GaussianWeightPrior.uniform(100, 2));
        double[] nll = {0.9, 0.4, 0.6};
        List<SamplerPrior.Run> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(new SamplerPrior.Run(priors.get(i), List.of(new float[2]), new JsonObject(), List.of(), nll[i]));
        }
        SamplerPrior.Run best = SamplerPrior.best(runs);
        assertThat(best.prior().value()).isEqualTo(10.0);
        assertThat(best.info().get("prior").getAsString()).isEqualTo("uniform N(0, 1/λ), λ = 10.0");
        JsonObject table = best.info().getAsJsonObject("priorSearch");
        assertThat(table.keySet()).hasSize(3);
        assertThat(table.get("uniform N(0, 1/λ), λ = 100").getAsDouble()).isEqualTo(0.6);

        SamplerPrior.Run only = SamplerPrior.best(List.of(new SamplerPrior.Run(priors.get(0),
                List.of(new float[2]), new JsonObject(), List.of(), Double.NaN)));
        assertThat(only.info().has("priorSearch")).isFalse();
        assertThat(only.info().get("prior").getAsString()).isEqualTo("uniform N(0, 1/λ), λ = 1.00");
    }

    /** Both samplers with the automatic prior on a small classification set with validation rows. */
    @Test
    void bothSamplersKeepTheSearchsBestAndRecordIt() {
        Dataset all = TestTables.blobs(160, 2, 3, 5);
        Dataset train = all.subset(java.util.stream.IntStream.range(0, 120).toArray());
        Dataset validation = all.subset(java.util.stream.IntStream.range(120, 160).toArray());
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.TANH, 0f, 3);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).trainer(MapTrainer.builder().optEpochs(30).optSeed(2).build()).seed(2).build())) {
            try (SampleEnsemblePosterior hmc = Hmc.builder().optWarmup(30).optDraws(10).optLeapfrogSteps(5)
                    .optSeed(3).build().fit(map, train, validation)) {
                assertKeptTheBest(hmc);
            }
            try (SampleEnsemblePosterior sgld = Sgld.builder().optSamples(10).optBurnIn(50).optThinning(5)
                    .optSeed(3).build().fit(map, train, validation)) {
                assertKeptTheBest(sgld);
            }
        }
    }

    private static void assertKeptTheBest(SampleEnsemblePosterior p) {
        JsonObject table = p.diagnostics().getAsJsonObject("priorSearch");
        assertThat(table.keySet()).hasSize(3);
        String argmin = table.keySet().stream()
                .min(java.util.Comparator.comparingDouble(k -> table.get(k).getAsDouble())).orElseThrow();
        assertThat(p.diagnostics().get("prior").getAsString()).isEqualTo(argmin);
        assertThat(p.diagnostics().get("validationNll").getAsDouble()).isEqualTo(table.get(argmin).getAsDouble());
        Map<String, String> options = p.provenance().options();
        assertThat(options.get("weight-prior")).isEqualTo(argmin.startsWith("fan-in") ? "fan-in" : "uniform");
        assertThat(options).containsKey(argmin.startsWith("fan-in") ? "prior-scale" : "prior-precision");
    }
}
