package org.bdl4j.laplace;

import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;

/** The small tanh classifier the Laplace tests start from: Adam lr 1e-2, batch 50, λ = 1, seed 3. */
final class MoonsMap {
    private MoonsMap() {}

    static MapPosterior train(Dataset data, int[] hidden, int epochs) {
        MapTrainer trainer = MapTrainer.builder().optEpochs(epochs).optBatchSize(50).optLearningRate(1e-2)
                .optPriorPrecision(1.0).optSeed(3).build();
        return MapMethod.train(FitRequest.builder(data).likelihood(Likelihood.CATEGORICAL)
                .network(NetworkSpec.mlp(new int[] {2}, hidden, Activation.TANH, 0f, 2)).trainer(trainer).seed(3)
                .build());
    }
}
