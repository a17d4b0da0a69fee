package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.bdl4j.Posterior;
import org.bdl4j.PredictiveAssertions;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.train.MapPosterior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * All-weights KFAC Laplace with the Monte Carlo Fisher on a regression MLP: seeded (same seed, same
 * predictive; another seed, another one), saved and loaded bit-identically, and its curvature scales
 * as 1/σ² like the GGN (its cotangents are -ε/σ with ε fixed by the seed), so the marginal likelihood
 * at another noise σ₁ computed by rescaling equals the one of a posterior fitted at σ₁.
 */
class MonteCarloFisherLaplaceTest {

    @Test
    void seededSavedAndScaledWithTheNoiseLikeTheGgn(@TempDir Path dir) throws Exception {
        Dataset train = ToyData.regressionGap(100, 2);
        try (MapPosterior map = LaplaceBehaviourTest.trainRegression(train);
                LaplacePosterior a = mcf(map, 5).build().fit(train);
                LaplacePosterior same = mcf(map, 5).build().fit(train);
                LaplacePosterior other = mcf(map, 6).build().fit(train);
                LaplacePosterior noisier = mcf(map, 5).optSigmaNoise(0.5).build().fit(train)) {
            RegressionPredictive p = a.predictRegression(train);
            PredictiveAssertions.assertIdentical(same.predictRegression(train), p);
            assertThat(other.predictRegression(train).epistemicVariance()[0]).isNotEqualTo(p.epistemicVariance()[0]);
            a.save(dir.resolve("m"));
            try (Posterior loaded = org.bdl4j.method.Posteriors.load(dir.resolve("m"))) {
                assertThat(((LaplacePosterior) loaded).curvature()).isEqualTo(CurvatureType.MC_FISHER);
                PredictiveAssertions.assertIdentical(loaded.predictRegression(train), p);
            }
            assertThatThrownBy(() -> mcf(map, 5).optFisherSamples(0).build())
                    .hasMessage("fisher-samples must be >= 1, found 0");
            for (double lambda : new double[] {0.1, 1, 10}) {
                double direct = noisier.logMarginalLikelihood(lambda);
                assertThat(a.logMarginalLikelihood(lambda, noisier.sigmaNoise())).as("λ = %s", lambda)
                        .isCloseTo(direct, within(1e-6 * Math.abs(direct)));
            }
        }
    }

    private static Laplace.Builder mcf(MapPosterior map, long seed) {
        return Laplace.builder(map).subset(SubsetOfWeights.ALL).hessian(HessianStructure.KRON)
                .curvature(CurvatureType.MC_FISHER).optFisherSamples(2).optSeed(seed)
                .priorPrecision(PriorPrecision.fixed(1.0));
    }
}
