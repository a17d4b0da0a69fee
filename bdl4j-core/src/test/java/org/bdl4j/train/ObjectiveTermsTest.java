package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.ActiveOutputs;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * The extra terms of MAP training: a {@link ParameterPenalty} enters one full-batch SGD step (no
 * momentum) as exactly -lr·∇R/N beside the unpenalised step, and a head's inactive logits get no
 * gradient (with no weight decay, Adam leaves their output weights where they were).
 */
class ObjectiveTermsTest {
    private static final NetworkSpec LINEAR = NetworkSpec.mlp(new int[] {3}, new int[0], Activation.RELU, 0f, 3);

    @Test
    void aPenaltyGradientEntersTheStepDividedByTheRowCount() {
        Dataset data = TestTables.blobs(20, 3, 3, 4);
        float[] plain = oneStep(data, null);
        float[] v = new float[plain.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.5 + i % 5); // R(θ) = v·θ, ∇R = v
        }
        float[] penalised = oneStep(data, new Linear(v));
        double lr = 0.1;
        for (int i = 0; i < v.length; i++) {
            assertThat(penalised[i] - plain[i]).as("θ[%d]", i).isCloseTo((float) (-lr * v[i] / data.rows()),
                    within(1e-6f));
        }
    }

    @Test
    void inactiveLogitsOfAHeadAreNotTrained() {
        Dataset all = TestTables.blobs(60, 3, 3, 4);
        int[] labels = all.labels();
        Dataset twoClasses = all.subset(java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] < 2)
                .toArray());
        try (Network net = Network.create(LINEAR, DropoutMode.STANDARD, 1)) {
            float[] before = net.parameters(); // weight [3, 3] then bias [3]
            MapTrainer.builder().optEpochs(3).optBatchSize(8).optWeightDecay(0).optHead(ActiveOutputs.of(3, 0, 1))
                    .build().train(net, Likelihood.CATEGORICAL, twoClasses);
            float[] after = net.parameters();
            for (int i : new int[] {6, 7, 8, 11}) { // class 2's weight row and bias
                assertThat(after[i]).isEqualTo(before[i]);
            }
            for (int i : new int[] {0, 3, 9, 10}) {
                assertThat(after[i]).isNotEqualTo(before[i]);
            }
            assertThatThrownBy(() -> MapTrainer.builder().optEpochs(1).optHead(ActiveOutputs.of(3, 0)).build()
                    .train(net, Likelihood.CATEGORICAL, twoClasses))
                    .hasMessageContaining("which is not among the head's classes [0]");
        }
    }

    private static float[] oneStep(Dataset data, ParameterPenalty penalty) {
        try (Network net = Network.create(LINEAR, DropoutMode.STANDARD, 1)) {
            MapTrainer.builder().optEpochs(1).optBatchSize(data.rows()).optOptimizer(OptimizerKind.SGD)
                    .optMomentum(0).optLearningRate(0.1).optPriorPrecision(1).optPenalty(penalty).build()
                    .train(net, Likelihood.CATEGORICAL, data);
            return net.parameters();
        }
    }

    /** R(θ) = v·θ. */
    private record Linear(float[] v) implements ParameterPenalty {
        @Override
        public double value(List<NDArray> parameters) {
            return 0; // not used by a fixed number of epochs
        }

        @Override
        public NDArray[] gradient(List<NDArray> parameters, NDManager manager) {
            NDArray[] out = new NDArray[parameters.size()];
            int off = 0;
            for (int i = 0; i < out.length; i++) {
                int n = Math.toIntExact(parameters.get(i).size());
                out[i] = manager.create(java.util.Arrays.copyOfRange(v, off, off + n), parameters.get(i).getShape());
                off += n;
            }
            return out;
        }
    }
}
