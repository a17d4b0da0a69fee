package org.bdl4j.vi;

import static org.assertj.core.api.Assertions.assertThat;

import org.bdl4j.GapUncertainty;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's in-between check for VI on {@code toy:regression-gap} (400 rows; tanh 50-50 network as
 * in the MCMC gap test, MAP start with λ = 1, then 100 epochs of local reparameterisation): the
 * epistemic std at the middle of the gap must exceed its mean over the training inputs. Mean-field
 * VI is known to under-represent in-between uncertainty (Foong et al. 2019, proved for one hidden
 * layer); the ratio is printed, not tuned. Measured when written: 2.52 here; 4.33 after 300 and 4.39
 * after 1,000 epochs; 1.44 after 1,000 epochs with one hidden layer of 50.
 */
class ViRegressionGapTest {
    @Test
    void epistemicStdIsLargerInTheGapThanOnTheData() {
        Dataset data = GapUncertainty.train(3);
        NetworkSpec net = NetworkSpec.mlp(new int[] {1}, new int[] {50, 50}, Activation.TANH, 0f, 1);
        MapTrainer t = MapTrainer.builder().optEpochs(150).optBatchSize(32).optLearningRate(0.01).optPriorPrecision(1.0)
                .optSeed(2).build();
        Vi vi = Vi.builder().optEstimator(Estimator.LOCAL_REPARAM).optEpochs(100).optBatchSize(32).optLearningRate(0.01)
                .optSamples(100).optSeed(1).build();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(data).likelihood(Likelihood.GAUSSIAN).network(net)
                .trainer(t).seed(2).build());
                ViPosterior post = vi.fit(map, data)) {
            double ratio = GapUncertainty.ratio(post, data);
            System.out.printf("VI regression gap: epistemic std mid-gap / mean on the training inputs = %.3f%n", ratio);
            assertThat(ratio).isGreaterThan(1.0);
        }
    }
}
