package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's OOD sentence judges each method by its best OOD score (numbers made up for the test). */
class ReportReadingTest {
    private static Comparison.Row row(String method, Map<String, Double> metrics) {
        return new Comparison.Row(method, metrics, 1, 0.1, 1, null, null, null, null, List.of());
    }

    @Test
    void theOodSentenceNamesTheMethodAndTheScoreThatSeparateBest() {
        List<Comparison.Row> rows = List.of(
                row("map", Map.of("nll", 0.3, "ece", 0.05, "ood_auroc", 0.71, "ood_auroc_msp", 0.74)),
                row("ensemble", Map.of("nll", 0.25, "ece", 0.03, "ood_auroc", 0.80, "ood_auroc_msp", 0.78,
                        "ood_auroc_mi", 0.91)),
                row("laplace", Map.of("nll", 0.28, "ece", 0.02, "ood_auroc", 0.85, "ood_auroc_msp", 0.84)));
        List<String> reading = ReportReading.of(rows, 0.9);
        // Ranked by entropy alone, laplace (0.85) would lead; the ensemble's mutual information is higher.
        assertThat(reading).contains("Best at telling the OOD rows from the test rows (AUROC of each method's best"
                + " OOD score; 0.5 is chance): ensemble by its mutual information, 0.910 (MAP 0.7400 by its max softmax"
                + " probability).");
    }
}
