package org.bdl4j.continual;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.nn.NetworkOptions;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.TrainingOptions;
import org.junit.jupiter.api.Test;

/**
 * The learner end to end on three permuted copies of a four-cluster problem (fixed seeds): the matrix
 * has a row per task, fine-tuning forgets what the consolidating methods keep, and joint training is
 * the reference above them.
 */
class ContinualLearnerTest {
    private static final int D = 20;

    @Test
    void consolidationForgetsLessThanFineTuning() {
        List<ContinualTask> tasks = TaskSequence.parse("permuted:3", "tasks").build(clusters(600, 1), clusters(300, 2),
                Scenario.DOMAIN, 5);
        OptionValues options = OptionValues.empty().with(NetworkOptions.HIDDEN, new int[] {32})
                .with(TrainingOptions.EPOCHS, 20).with(TrainingOptions.LEARNING_RATE, 0.01).with(org.bdl4j.method.RequestOptions.VALIDATION_FRACTION, 0.0);
        Map<ContinualMethod, AccuracyMatrix> found = new EnumMap<>(ContinualMethod.class);
        for (ContinualMethod m : ContinualMethod.values()) {
            List<Integer> seen = new ArrayList<>();
            ContinualLearner.Result r = ContinualLearner.run(tasks, new ContinualLearner.Settings(m, 10, 1,
                    FisherSettings.DEFAULT), rows -> FitRequest.fromOptions(rows, null, options).build(),
                    s -> seen.add(s.stage()));
            assertThat(seen).containsExactly(0, 1, 2);
            assertThat(r.matrix().stages()).isEqualTo(3);
            found.put(m, r.matrix());
            System.out.printf("%s: average %.4f, forgetting %.4f%n", m.cliName(), r.matrix().finalAverageAccuracy(),
                    r.matrix().forgetting());
        }
        double finetune = found.get(ContinualMethod.FINETUNE).forgetting();
        assertThat(finetune).isGreaterThan(0.05);
        for (ContinualMethod m : List.of(ContinualMethod.EWC, ContinualMethod.ONLINE_EWC,
                ContinualMethod.KFAC_LAPLACE)) {
            assertThat(found.get(m).forgetting()).as(m.cliName()).isLessThan(finetune / 2);
            assertThat(found.get(m).finalAverageAccuracy()).as(m.cliName())
                    .isGreaterThan(found.get(ContinualMethod.FINETUNE).finalAverageAccuracy());
        }
        assertThat(found.get(ContinualMethod.JOINT).finalAverageAccuracy())
                .isGreaterThan(found.get(ContinualMethod.FINETUNE).finalAverageAccuracy());
    }

    /**
     * Four classes in 20 dimensions around dense random centres (N(0, 1.5²) per coordinate, drawn once),
     * unit noise: a permutation moves every centre to a new dense vector, so permuted tasks do not
     * contradict each other (as with images; blobs on coordinate axes would swap classes).
     */
    private static Dataset clusters(int n, long seed) {
        SplittableRandom centres = new SplittableRandom(42);
        double[][] mu = new double[4][D];
        for (double[] m : mu) {
            for (int j = 0; j < D; j++) {
                m[j] = 1.5 * centres.nextGaussian();
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * D];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(4);
            for (int j = 0; j < D; j++) {
                x[i * D + j] = (float) (mu[y[i]][j] + r.nextGaussian());
            }
        }
        return Dataset.classification(x, n, new int[] {D}, Dataset.defaultFeatureNames(D), y,
                List.of("a", "b", "c", "d"), "y");
    }
}
