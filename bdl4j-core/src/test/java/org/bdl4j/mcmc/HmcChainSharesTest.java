package org.bdl4j.mcmc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.api.Test;

/**
 * HMC split by chains ({@link Hmc#runChains}, as Spark tasks run it): four chains run as shares of one,
 * one and two chains, in another order, give the posterior the fit in one place gives, draw for draw
 * and diagnostic for diagnostic, under the automatic prior's three candidates; shares that miss or
 * repeat a chain are refused. The fit's own split over the workers of {@link org.bdl4j.nn.TaskPool} (1 or 3,
 * groups of 4, or 1, 1 and 2 chains) does not change a draw.
 */
class HmcChainSharesTest {
    @Test
    void sharesOfTheChainsMakeUpTheFitInOnePlace() {
        Dataset all = TestTables.blobs(160, 2, 3, 5);
        Dataset train = all.subset(IntStream.range(0, 120).toArray());
        Dataset validation = all.subset(IntStream.range(120, 160).toArray());
        NetworkSpec spec = NetworkSpec.mlp(new int[] {2}, new int[] {16}, Activation.TANH, 0f, 3);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).trainer(org.bdl4j.train.MapTrainer.builder().optEpochs(30).optSeed(2).build())
                .seed(2).build())) {
            Hmc hmc = Hmc.builder().optChains(4).optWarmup(30).optDraws(10).optLeapfrogSteps(5).optSeed(3).build();
            List<ChainShare> shares = List.of(hmc.runChains(map, train, true, 2, 2), hmc.runChains(map, train, true, 0, 1),
                    hmc.runChains(map, train, true, 1, 1));
            try (SampleEnsemblePosterior whole = hmc.fit(map, train, validation);
                    SampleEnsemblePosterior joined = hmc.fit(map, train, validation, shares)) {
                assertThat(joined.size()).isEqualTo(whole.size()).isEqualTo(40);
                for (int s = 0; s < whole.size(); s++) {
                    assertThat(joined.sample(s)).as("draw %d", s).containsExactly(whole.sample(s));
                }
                assertThat(joined.diagnostics().toString()).isEqualTo(whole.diagnostics().toString());
                assertThat(joined.diagnostics().getAsJsonObject("priorSearch").keySet()).hasSize(3);
            }
            int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
            ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
            try {
                List<List<float[]>> byWorkers = new java.util.ArrayList<>();
                for (String workers : List.of("1", "3")) {
                    System.setProperty(org.bdl4j.nn.TaskPool.PROPERTY, workers);
                    try (SampleEnsemblePosterior fit = hmc.fit(map, train, validation)) {
                        byWorkers.add(IntStream.range(0, fit.size()).mapToObj(fit::sample).toList());
                    }
                }
                for (int s = 0; s < byWorkers.get(0).size(); s++) {
                    assertThat(byWorkers.get(1).get(s)).as("draw %d on 3 workers", s).containsExactly(byWorkers.get(0).get(s));
                }
            } finally {
                System.clearProperty(org.bdl4j.nn.TaskPool.PROPERTY);
                ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
            }
            assertThatThrownBy(() -> hmc.fit(map, train, validation, shares.subList(0, 2)))
                    .hasMessage("the chain shares hold chains from 2 where chain 1 was expected (4 chains in all)");
            assertThatThrownBy(() -> hmc.fit(map, train, validation, List.of(shares.get(1), shares.get(2))))
                    .hasMessage("the chain shares hold 2 chains, expected 4");
            assertThatThrownBy(() -> hmc.runChains(map, train, true, 3, 2)).hasMessage("chains 3 to 4 of 4");
        }
    }
}
