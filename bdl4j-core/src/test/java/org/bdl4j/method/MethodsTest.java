package org.bdl4j.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.Architecture;
import org.bdl4j.nn.NetworkOptions;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/** The registry finds every method, fits any of them the same way and trains a post-hoc method's MAP once. */
class MethodsTest {
    private static final Dataset BLOBS = TestTables.blobs(60, 2, 3, 1);

    private static FitRequest request() {
        return FitRequest.builder(BLOBS).network(NetworkSpec.mlp(new int[] {2}, new int[] {8}, Activation.RELU, 0f, 1))
                .trainer(MapTrainer.builder().optEpochs(2).optSeed(3).build()).seed(3).build();
    }

    @Test
    void theBuiltInMethodsAreFoundInListingOrder() {
        assertThat(Methods.names()).containsExactly("map", "mc-dropout", "ensemble", "laplace", "vi", "swag", "sgld",
                "hmc");
        assertThat(Methods.get(" Laplace ").name()).isEqualTo("laplace");
        assertThatThrownBy(() -> Methods.get("magic")).isInstanceOf(InvalidOptionException.class)
                .hasMessage("method must be one of map, mc-dropout, ensemble, laplace, vi, swag, sgld, hmc, found"
                        + " 'magic'");
        assertThat(Methods.supporting(Likelihood.HETEROSCEDASTIC_GAUSSIAN)).extracting(PosteriorMethod::name)
                .containsExactly("map", "mc-dropout", "ensemble");
    }

    @Test
    void anUnsupportedLikelihoodIsOneLineNamingBoth() {
        assertThatThrownBy(() -> Methods.checkSupports(Methods.get("laplace"), Likelihood.HETEROSCEDASTIC_GAUSSIAN))
                .hasMessage("method laplace does not support the heteroscedastic-gaussian likelihood (it fits"
                        + " categorical or gaussian)");
    }

    /** Without a base, the MAP is trained for the post-hoc fit and closed after it; a given base is used as is. */
    @Test
    void aPostHocFitTrainsTheMapOnceOrUsesTheBase() {
        MapPosterior[] seen = new MapPosterior[1];
        Methods.fromMap(request(), map -> {
            seen[0] = map;
            assertThat(map.network().manager().isOpen()).isTrue();
            return null;
        });
        assertThat(seen[0].network().manager().isOpen()).as("closed after the fit").isFalse();
        try (MapPosterior base = MapMethod.train(request())) {
            Methods.fromMap(request().withBase(base), map -> {
                assertThat(map).isSameAs(base);
                return null;
            });
            assertThat(base.network().manager().isOpen()).isTrue();
            try (Posterior copy = Methods.fit("map", request().withBase(base))) {
                assertThat(copy).isNotSameAs(base);
                assertThat(((MapPosterior) copy).network().parameters()).containsExactly(base.network().parameters());
            }
        }
    }

    /** The same seed gives the same MAP whether it is trained alone or as the base of another method. */
    @Test
    void theMapOfTheRegistryIsTheMapOfTheRequest() {
        try (MapPosterior a = MapMethod.train(request()); Posterior b = Methods.fit("map", request())) {
            assertThat(((MapPosterior) b).network().parameters()).containsExactly(a.network().parameters());
        }
    }

    @Test
    void optionsByNameAreParsedByTheirDescriptors() {
        OptionValues v = Methods.parseOptions(Map.of("samples", "7", "epochs", "3", "estimator", "flipout"),
                List.of(Methods.get("vi")));
        assertThat(v.get(org.bdl4j.vi.ViMethod.SAMPLES)).isEqualTo(7);
        assertThat(v.get(TrainingOptions.EPOCHS)).isEqualTo(3);
        assertThat(v.get(org.bdl4j.vi.ViMethod.ESTIMATOR)).isEqualTo(org.bdl4j.vi.Estimator.FLIPOUT);
        assertThatThrownBy(() -> Methods.parseOptions(Map.of("members", "3"), List.of(Methods.get("vi"))))
                .hasMessageStartingWith("no option 'members' (options: ");
        assertThatThrownBy(() -> Methods.parseOptions(Map.of("samples", "0"), List.of(Methods.get("vi"))))
                .hasMessage("samples must be >= 1, found 0");
    }

    @Test
    void aRequestFromOptionsBuildsTheNetworkTrainerAndLikelihood() {
        OptionValues v = OptionValues.empty().with(NetworkOptions.HIDDEN, new int[] {5, 4})
                .with(NetworkOptions.DROPOUT, 0.25).with(TrainingOptions.EPOCHS, 7)
                .with(TrainingOptions.WEIGHT_DECAY, 0.01).with(RequestOptions.SEED, 9L);
        FitRequest r = FitRequest.fromOptions(BLOBS, null, v).build();
        assertThat(r.network()).isEqualTo(new NetworkSpec(Architecture.MLP, new int[] {2}, new int[] {5, 4},
                new int[0], Activation.RELU, 0.25f, 1));
        assertThat(r.trainer().budget().describe()).isEqualTo("7");
        assertThat(r.trainer().priorPrecision(100)).isEqualTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(r.trainer().seed()).isEqualTo(9);
        assertThat(r.seed()).isEqualTo(9);
        assertThat(r.likelihood()).isEqualTo(Likelihood.CATEGORICAL);
        assertThatThrownBy(() -> FitRequest.fromOptions(BLOBS, null, v.with(TrainingOptions.PATIENCE, 2)))
                .hasMessage("patience needs a validation split: add validation-fraction F");
        assertThatThrownBy(() -> FitRequest.fromOptions(BLOBS, null, v.with(TrainingOptions.PRIOR_PRECISION, 1.0)))
                .hasMessage("give prior-precision or weight-decay, not both");
        assertThatThrownBy(() -> FitRequest.builder(BLOBS).likelihood(Likelihood.GAUSSIAN).build())
                .hasMessage("likelihood gaussian needs a regression target, the data has a classification one");
    }
}
