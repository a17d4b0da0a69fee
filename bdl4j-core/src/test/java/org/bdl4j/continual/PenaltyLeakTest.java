package org.bdl4j.continual;

import static org.assertj.core.api.Assertions.assertThat;

import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.ActiveOutputs;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.LeakProbe;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.ParameterPenalty;
import org.junit.jupiter.api.Test;

/**
 * Training under a consolidation penalty and a head allocates no native array that outlives its step:
 * the arrays alive in all managers after 60 penalised steps are as many as after 60 plain ones, and
 * closing a consolidation frees its own.
 */
class PenaltyLeakTest {
    private static final NetworkSpec SPEC = NetworkSpec.mlp(new int[] {4}, new int[] {8}, Activation.RELU, 0f, 3);
    private static final Dataset DATA = TestTables.blobs(120, 4, 3, 1);

    @Test
    void penalisedStepsLeaveNoArrayBehind() {
        int before = LeakProbe.liveArrays();
        for (Consolidation c : new Consolidation[] {DiagonalConsolidation.ewc(1, FisherSettings.DEFAULT),
                new KroneckerConsolidation(1, FisherSettings.DEFAULT)}) {
            try (Network net = Network.create(SPEC, DropoutMode.STANDARD, 1)) {
                c.consolidate(net, new ContinualTask("t", DATA, DATA, null));
                int plain = grownBy(net, null, null);
                int penalised = grownBy(net, c.penalty(), ActiveOutputs.of(3, 0, 1, 2));
                assertThat(penalised).as(c.getClass().getSimpleName()).isEqualTo(plain);
            } finally {
                c.close();
            }
        }
        assertThat(LeakProbe.liveArrays()).isEqualTo(before);
    }

    /** How many more arrays are alive after 6 epochs of 10 steps. */
    private static int grownBy(Network net, ParameterPenalty penalty, ActiveOutputs head) {
        int start = LeakProbe.liveArrays();
        MapTrainer.builder().optEpochs(6).optBatchSize(12).optPenalty(penalty).optHead(head).build()
                .train(net, Likelihood.CATEGORICAL, DATA);
        return LeakProbe.liveArrays() - start;
    }
}
