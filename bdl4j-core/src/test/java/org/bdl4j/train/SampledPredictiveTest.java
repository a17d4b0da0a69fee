package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkOutputs;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.OutputHeads;
import org.junit.jupiter.api.Test;

class SampledPredictiveTest {
    /**
     * The streamed classification predictive over 5 weight vectors equals
     * {@link ClassificationPredictive#ofSamples} of the per-sample softmax computed here with one fresh
     * network per sample (float per-sample probabilities there: 1e-6).
     */
    @Test
    void streamedClassificationEqualsTheStackedSamples() {
        Dataset data = TestTables.blobs(40, 3, 3, 1);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {3}, new int[] {8}, Activation.TANH, 0f, 3);
        ModelSchema schema = ModelSchema.of(data, false);
        SplittableRandom r = new SplittableRandom(2);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 1)) {
            float[][] thetas = new float[5][net.parameterCount()];
            for (float[] t : thetas) {
                for (int i = 0; i < t.length; i++) {
                    t[i] = (float) r.nextGaussian();
                }
            }
            ClassificationPredictive streamed = SampledPredictive.predict(net, Likelihood.CATEGORICAL, schema,
                    Double.NaN, data, 5, s -> thetas[s]).asClassification();
            float[][][] probs = new float[5][][];
            for (int s = 0; s < 5; s++) {
                try (Network one = Network.withParameters(spec, DropoutMode.STANDARD, thetas[s], net.device())) {
                    float[] out = NetworkOutputs.compute(one, data.features(), data.featureShape(), data.rows(), false);
                    probs[s] = OutputHeads.softmax(out, data.rows(), 3);
                }
            }
            ClassificationPredictive stacked = ClassificationPredictive.ofSamples(probs, schema.classNames(), false);
            for (int i = 0; i < data.rows(); i++) {
                for (int k = 0; k < 3; k++) {
                    assertThat(streamed.probabilities()[i][k]).isCloseTo(stacked.probabilities()[i][k], within(1e-6));
                }
                assertThat(streamed.expectedEntropy()[i]).isCloseTo(stacked.expectedEntropy()[i], within(1e-6));
            }
            assertThat(streamed.mutualInformation()[0]).isPositive();
        }
    }

    /**
     * The streamed regression predictive keeps each weight vector's means in the target's units: sample s
     * equals the schema's inverse standardisation of the mean output of a fresh network at θ_s, and the
     * samples' average and population variance are the predictive's mean and epistemic variance.
     */
    @Test
    void streamedRegressionKeepsEachSamplesMeans() {
        Dataset data = ToyData.regressionGap(30, 1);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {1}, new int[] {8}, Activation.TANH, 0f, 1);
        ModelSchema schema = ModelSchema.of(data, true);
        SplittableRandom r = new SplittableRandom(3);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 1)) {
            float[][] thetas = new float[4][net.parameterCount()];
            for (float[] t : thetas) {
                for (int i = 0; i < t.length; i++) {
                    t[i] = (float) r.nextGaussian();
                }
            }
            RegressionPredictive p = SampledPredictive.predict(net, Likelihood.GAUSSIAN, schema, 0.2, data, 4,
                    s -> thetas[s]).asRegression();
            float[][] kept = p.sampleMeans().orElseThrow();
            Dataset x = schema.toNetworkUnits(data.withoutTargets());
            int n = data.rows();
            for (int s = 0; s < 4; s++) {
                try (Network one = Network.withParameters(spec, DropoutMode.STANDARD, thetas[s], net.device())) {
                    double[] mu = OutputHeads.regressionMean(
                            NetworkOutputs.compute(one, x.features(), x.featureShape(), n, false), n, 1);
                    for (int i = 0; i < n; i++) {
                        double want = schema.meanToOriginal(mu[i]);
                        assertThat((double) kept[s][i]).isCloseTo(want, within(1e-6 * (1 + Math.abs(want))));
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                double m = 0;
                for (float[] sample : kept) {
                    m += sample[i] / 4.0;
                }
                double v = 0;
                for (float[] sample : kept) {
                    v += (sample[i] - m) * (sample[i] - m) / 4.0;
                }
                assertThat(m).isCloseTo(p.mean()[i], within(1e-6 * (1 + Math.abs(m))));
                assertThat(v).isCloseTo(p.epistemicVariance()[i], within(1e-5 * (1 + v)));
            }
        }
    }
}
