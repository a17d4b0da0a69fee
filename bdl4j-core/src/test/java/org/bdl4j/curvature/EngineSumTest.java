package org.bdl4j.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Network;
import org.bdl4j.train.LeakProbe;
import org.junit.jupiter.api.Test;

/**
 * The curvature accumulators keep their running sums in the engine during a sweep ({@link EngineSum}),
 * holding the rows of small batches until a Gram pays ({@link GramSum}), and move them to Java when it
 * ends. The sums must be what the batches give, whichever way the sweep ends, and no engine array may
 * outlive it: a sweep that fails in its third batch leaves the sums of its first two batches, equal to
 * those of a sweep over those rows alone (the same batches in the same order, so to the last bit), and
 * both leave the count of live arrays where it was; batches of 3 rows, held and formed together, give
 * the sums of one batch of all rows (float32 products: equal to 1e-6 of the largest entry).
 */
class EngineSumTest {

    @Test
    void aSweepThatFailsKeepsTheSumsOfItsEarlierBatchesAndReleasesTheEngine() {
        Dataset images = TinyCnn.images(12, 3);
        try (Network net = TinyCnn.network(3, 4)) {
            List<AffineLayer> layers = AffineLayer.of(net);
            KronCurvature firstTwo = new KronCurvature(layers);
            DiagCurvature firstTwoDiag = new DiagCurvature(layers);
            sweep(net, layers, images.slice(0, 8), firstTwo, firstTwoDiag); // a warm-up of the engine, too
            int before = LeakProbe.liveArrays();

            KronCurvature kron = new KronCurvature(layers);
            DiagCurvature diag = new DiagCurvature(layers);
            CurvatureAccumulator failing = new FailsOnBatch(3);
            assertThatThrownBy(() -> sweep(net, layers, images, failing, kron, diag))
                    .hasMessage("batch 3 fails");
            assertThat(LeakProbe.liveArrays()).as("arrays alive after the failed sweep").isEqualTo(before);
            assertThat(kron.rows()).isEqualTo(8);
            for (int i = 0; i < firstTwo.sums().size(); i++) {
                assertThat(kron.sums().get(i)).as("kron sum %d", i).containsExactly(firstTwo.sums().get(i));
            }
            assertThat(diag.diagonal()).containsExactly(firstTwoDiag.diagonal());

            KronCurvature whole = new KronCurvature(layers);
            sweep(net, layers, images, whole);
            assertThat(LeakProbe.liveArrays()).as("arrays alive after a whole sweep").isEqualTo(before);
            assertThat(whole.rows()).isEqualTo(12);
        }
    }

    @Test
    void rowsHeldAcrossSmallBatchesGiveTheSumsOfOneBatch() {
        Dataset blobs = org.bdl4j.TestTables.blobs(100, 20, 3, 5);
        org.bdl4j.nn.NetworkSpec spec = org.bdl4j.nn.NetworkSpec.mlp(new int[] {20}, new int[] {30},
                org.bdl4j.nn.Activation.TANH, 0f, 3);
        try (Network net = Network.create(spec, org.bdl4j.nn.DropoutMode.STANDARD, 2)) {
            List<AffineLayer> layers = AffineLayer.of(net);
            int before = LeakProbe.liveArrays();
            KronCurvature kronSmall = new KronCurvature(layers);
            FullCurvature fullSmall = new FullCurvature(layers);
            KronCurvature kronOne = new KronCurvature(layers);
            FullCurvature fullOne = new FullCurvature(layers);
            CurvatureSweep.run(net, layers, blobs, Likelihood.CATEGORICAL, 1.0, CurvatureType.GGN, 3, kronSmall,
                    fullSmall);
            CurvatureSweep.run(net, layers, blobs, Likelihood.CATEGORICAL, 1.0, CurvatureType.GGN, 100, kronOne,
                    fullOne);
            assertThat(LeakProbe.liveArrays()).as("arrays alive after the sweeps").isEqualTo(before);
            for (int i = 0; i < kronOne.sums().size(); i++) {
                assertClose(kronSmall.sums().get(i), kronOne.sums().get(i), "kron sum " + i);
            }
            assertClose(fullSmall.matrix(), fullOne.matrix(), "full");
        }
    }

    private static void assertClose(double[] actual, double[] expected, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(scale).as(what).isGreaterThan(0);
        for (int j = 0; j < expected.length; j++) {
            assertThat(actual[j]).as("%s entry %d", what, j)
                    .isCloseTo(expected[j], org.assertj.core.api.Assertions.within(1e-6 * scale));
        }
    }

    private static void sweep(Network net, List<AffineLayer> layers, Dataset data, CurvatureAccumulator... sinks) {
        CurvatureSweep.run(net, layers, data, Likelihood.CATEGORICAL, 1.0, CurvatureType.GGN, 4, sinks);
    }

    /** An accumulator whose {@code n}-th batch throws. */
    private static final class FailsOnBatch implements CurvatureAccumulator {
        private final int failing;
        private int batches;

        FailsOnBatch(int failing) {
            this.failing = failing;
        }

        @Override
        public void add(List<LayerTaps.Tap> taps) {
            if (++batches == failing) {
                throw new IllegalStateException("batch " + batches + " fails");
            }
        }

        @Override
        public List<double[]> sums() {
            return List.of();
        }

        @Override
        public void addSums(List<double[]> other) {}
    }
}
