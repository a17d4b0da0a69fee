package org.bdl4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * The uncertainty split of {@link PredictiveMoments} against numbers worked out by hand (not against
 * another path of the library), and its chunk merge against the formula of the population variance.
 */
class PredictiveMomentsTest {
    private static final ModelSchema CLASSES = ModelSchema.of(Dataset.classification(new float[] {0, 0}, 2,
            new int[] {1}, List.of("x"), new int[] {0, 1}, List.of("a", "b"), "y"), false);
    private static final ModelSchema TARGET = ModelSchema.of(Dataset.regression(new float[] {0, 0}, 2,
            new int[] {1}, List.of("x"), new float[] {0, 1}, "y"), false);

    /**
     * Two samples of one row: logits (ln 9, 0) give p₁ = (0.9, 0.1), logits (0, 0) give p₂ = (0.5, 0.5).
     * By hand: p̄ = (0.7, 0.3); H[p̄] = −0.7 ln 0.7 − 0.3 ln 0.3 = 0.249672 + 0.361192 = 0.610864;
     * H[p₁] = 0.094824 + 0.230259 = 0.325083, H[p₂] = ln 2 = 0.693147, so the expected entropy is
     * 0.509115 and the mutual information 0.610864 − 0.509115 = 0.101749.
     */
    @Test
    void entropyExpectedEntropyAndMutualInformationOfTwoSamplesByHand() {
        for (int keep : new int[] {0, 2}) { // streamed, and with the samples kept
            PredictiveMoments m = new PredictiveMoments(Likelihood.CATEGORICAL, 1, 2, Double.NaN, keep);
            try (NDManager nd = NDManager.newBaseManager()) {
                m.add(nd.create(new float[] {(float) Math.log(9), 0}, new Shape(1, 1, 2)), 0, 0);
                m.add(nd.create(new float[] {0, 0}, new Shape(1, 1, 2)), 0, 1);
            }
            ClassificationPredictive p = (ClassificationPredictive) m.finish(CLASSES);
            assertThat(p.probabilities()[0][0]).as("keep %d", keep).isCloseTo(0.7, within(1e-6));
            assertThat(p.entropy()[0]).as("keep %d", keep).isCloseTo(0.610864, within(2e-6));
            assertThat(p.expectedEntropy()[0]).as("keep %d", keep).isCloseTo(0.509115, within(2e-6));
            assertThat(p.mutualInformation()[0]).as("keep %d", keep).isCloseTo(0.101749, within(3e-6));
        }
    }

    /**
     * Two ensemble members N(1, 0.5) and N(3, 1.5): by hand the mixture has mean 2, aleatoric variance
     * (0.5 + 1.5)/2 = 1 and epistemic variance ((1 − 2)² + (3 − 2)²)/2 = 1, total 2 = its variance.
     */
    @Test
    void aTwoMemberMixtureSplitsIntoMeanNoiseAndSpreadOfTheMeans() {
        PredictiveMoments m = new PredictiveMoments(Likelihood.GAUSSIAN, 1, 1, Double.NaN, 0);
        try (NDManager nd = NDManager.newBaseManager()) {
            m.add(nd.create(new float[] {1}, new Shape(1, 1, 1)), 0, 0, 0.5);
            m.add(nd.create(new float[] {3}, new Shape(1, 1, 1)), 0, 1, 1.5);
        }
        RegressionPredictive p = (RegressionPredictive) m.finish(TARGET);
        assertThat(p.mean()[0]).isCloseTo(2, within(1e-9));
        assertThat(p.aleatoricVariance()[0]).isCloseTo(1, within(1e-9));
        assertThat(p.epistemicVariance()[0]).isCloseTo(1, within(1e-9));
    }

    /**
     * Chunks of several samples are merged with Chan et al.'s update: means 1, 3 (one chunk of two) and
     * 8 (a chunk of one) on row 0, and 8 (one) then 1, 3 (two) on row 1, must give the population
     * variance of {1, 3, 8}: mean 4, ((1 − 4)² + (3 − 4)² + (8 − 4)²)/3 = 26/3.
     */
    @Test
    void chunksOfSeveralSamplesMergeToThePopulationVarianceOfAllMeans() {
        PredictiveMoments m = new PredictiveMoments(Likelihood.GAUSSIAN, 2, 1, 0.1, 0);
        try (NDManager nd = NDManager.newBaseManager()) {
            m.add(nd.create(new float[] {1, 3}, new Shape(2, 1, 1)), 0, 0);
            m.add(nd.create(new float[] {8}, new Shape(1, 1, 1)), 0, 2);
            m.add(nd.create(new float[] {8}, new Shape(1, 1, 1)), 1, 0);
            m.add(nd.create(new float[] {1, 3}, new Shape(2, 1, 1)), 1, 1);
        }
        RegressionPredictive p = (RegressionPredictive) m.finish(TARGET);
        for (int r = 0; r < 2; r++) {
            assertThat(p.mean()[r]).as("row %d", r).isCloseTo(4, within(1e-6));
            assertThat(p.epistemicVariance()[r]).as("row %d", r).isCloseTo(26.0 / 3, within(1e-5));
            assertThat(p.aleatoricVariance()[r]).as("row %d", r).isCloseTo(0.01, within(1e-9));
        }
    }

    /**
     * Kept regression samples: means 1, 3 (one chunk of two) on row 0 and 8 then 2 (one each) on row 1,
     * under a schema whose targets were standardised (mean 0.5, sd 0.5 here: targets 0 and 1), are kept
     * per sample and row as μ_s·sd + mean: row 0 {1, 2}, row 1 {4.5, 1.5}; their average is the mean and
     * their population variance the epistemic variance. Without keepSamples there are none.
     */
    @Test
    void regressionKeepsEachSamplesMeanInTheTargetsUnits() {
        ModelSchema standardised = ModelSchema.of(Dataset.regression(new float[] {0, 0}, 2, new int[] {1},
                List.of("x"), new float[] {0, 1}, "y"), true);
        assertThat(standardised.meanToOriginal(1)).isCloseTo(1, within(1e-12)); // 0.5 + 0.5·1
        for (int keep : new int[] {0, 2}) {
            PredictiveMoments m = new PredictiveMoments(Likelihood.GAUSSIAN, 2, 1, 0.1, keep);
            try (NDManager nd = NDManager.newBaseManager()) {
                m.add(nd.create(new float[] {1, 3}, new Shape(2, 1, 1)), 0, 0);
                m.add(nd.create(new float[] {8}, new Shape(1, 1, 1)), 1, 0);
                m.add(nd.create(new float[] {2}, new Shape(1, 1, 1)), 1, 1);
            }
            RegressionPredictive p = (RegressionPredictive) m.finish(standardised);
            if (keep == 0) {
                assertThat(p.sampleMeans()).isEmpty();
                continue;
            }
            float[][] f = p.sampleMeans().orElseThrow();
            assertThat(f[0]).containsExactly(1f, 4.5f);
            assertThat(f[1]).containsExactly(2f, 1.5f);
            assertThat(p.mean()).containsExactly(new double[] {1.5, 3}, within(1e-6));
            assertThat(p.epistemicVariance()).containsExactly(new double[] {0.25, 2.25}, within(1e-6));
        }
    }

    /**
     * Two outputs (mean, variance head) in one chunk of 2 samples x 2 rows: the kept means are the first
     * output of each [sample, row], μ = (1, 2; 3, 4), not the variance head's 9s.
     */
    @Test
    void heteroscedasticChunksKeepTheMeanOutputOfEachSampleAndRow() {
        PredictiveMoments m = new PredictiveMoments(Likelihood.HETEROSCEDASTIC_GAUSSIAN, 2, 2, Double.NaN, 2);
        try (NDManager nd = NDManager.newBaseManager()) {
            m.add(nd.create(new float[] {1, 9, 2, 9, 3, 9, 4, 9}, new Shape(2, 2, 2)), 0, 0);
        }
        float[][] f = ((RegressionPredictive) m.finish(TARGET)).sampleMeans().orElseThrow();
        assertThat(f[0]).containsExactly(1f, 2f);
        assertThat(f[1]).containsExactly(3f, 4f);
    }
}
