package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Reads the real Fashion-MNIST files from {@link FashionMnist#DEFAULT_DIR}. Skipped when they are absent,
 * unless the system property {@code bdl4j.requireFashionMnist} is {@code true} (CI), in which case
 * absence fails the test.
 */
class FashionMnistIntegrationTest {
    @Test
    void realFilesHaveTheDocumentedCountsClassesAndRange() {
        boolean required = Boolean.parseBoolean(System.getProperty("bdl4j.requireFashionMnist", "false"));
        if (!required) {
            Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR),
                    FashionMnist.DEFAULT_DIR + " not installed (apt-get install dataset-fashion-mnist)");
        }
        FashionMnist.TrainTest data = FashionMnist.load(FashionMnist.DEFAULT_DIR);
        checkPart(data.train(), 60_000);
        checkPart(data.test(), 10_000);

        FashionMnist.BenchmarkSplit split = FashionMnist.benchmarkSplit(data.train());
        assertThat(split.train().rows()).isEqualTo(55_000);
        assertThat(split.validation().rows()).isEqualTo(5_000);
        for (FashionMnist.Ood kind : FashionMnist.Ood.values()) {
            Dataset ood = FashionMnist.ood(data.test(), kind, 1);
            assertThat(ood.rows()).isEqualTo(2_000);
            assertThat(ood.featureShape()).containsExactly(1, 28, 28);
        }
    }

    private static void checkPart(Dataset d, int rows) {
        assertThat(d.rows()).isEqualTo(rows);
        assertThat(d.featureShape()).containsExactly(1, 28, 28);
        int[] histogram = new int[10];
        for (int y : d.labels()) {
            histogram[y]++;
        }
        assertThat(histogram).containsOnly(rows / 10);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : d.features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
    }
}
