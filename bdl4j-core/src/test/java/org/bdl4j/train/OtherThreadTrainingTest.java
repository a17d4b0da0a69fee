package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicReference;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * Training on a thread other than the one that loaded the engine (a Spark task, a service's pool),
 * where libtorch's per-thread gradient mode starts on: the MAP trains (DJL's collector would otherwise
 * hand the thread back in gradient mode, and the optimiser's in-place update of a leaf parameter is
 * refused), gives the weights it gives on this thread, and leaves that thread out of gradient mode.
 */
class OtherThreadTrainingTest {
    @Test
    void aFreshThreadTrainsTheSameNetwork() throws Exception {
        Dataset moons = ToyData.twoMoons(120, 0.1, 3);
        FitRequest request = FitRequest.builder(moons).likelihood(Likelihood.CATEGORICAL)
                .network(NetworkSpec.mlp(new int[] {2}, new int[] {8}, Activation.TANH, 0f, 2))
                .trainer(MapTrainer.builder().optEpochs(3).optBatchSize(32).optSeed(1).build()).seed(1).build();
        float[] here;
        try (MapPosterior map = MapMethod.train(request)) {
            here = map.network().parameters();
        }
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                boolean before = JniUtils.isGradMode();
                try (MapPosterior map = MapMethod.train(request)) {
                    result.set(new Object[] {before, map.network().parameters(), JniUtils.isGradMode()});
                }
            } catch (RuntimeException e) {
                result.set(e);
            }
        });
        t.start();
        t.join();
        assertThat(result.get()).as("training on a fresh thread").isInstanceOf(Object[].class);
        Object[] r = (Object[]) result.get();
        assertThat((Boolean) r[0]).as("libtorch's default on a new thread").isTrue();
        assertThat((float[]) r[1]).isEqualTo(here);
        assertThat((Boolean) r[2]).as("gradient mode after training").isFalse();
    }
}
