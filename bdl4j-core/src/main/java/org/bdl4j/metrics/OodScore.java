package org.bdl4j.metrics;

import java.util.Locale;
import org.bdl4j.ClassificationPredictive;

/**
 * Scores for out-of-distribution detection from a classification predictive; higher means "more
 * likely OOD", which is the positive class of {@link RankingMetrics#auroc(double[], double[])}.
 */
public enum OodScore {
    /** 1 - max_k p_k (maximum softmax probability baseline, Hendrycks &amp; Gimpel 2017). */
    MSP,
    /** The predictive entropy H[E p] (total uncertainty). */
    ENTROPY,
    /** The mutual information H[E p] - E H[p] (epistemic uncertainty; 0 for a point estimate). */
    MUTUAL_INFORMATION;

    /** The score of each row. */
    public double[] scores(ClassificationPredictive p) {
        switch (this) {
            case MSP: {
                double[] c = p.confidence();
                for (int i = 0; i < c.length; i++) {
                    c[i] = 1 - c[i];
                }
                return c;
            }
            case ENTROPY:
                return p.entropy();
            case MUTUAL_INFORMATION:
                return p.mutualInformation();
            default:
                throw new AssertionError(this);
        }
    }

    /** The key used in JSON output: msp, entropy, mi. */
    public String key() {
        return this == MUTUAL_INFORMATION ? "mi" : name().toLowerCase(Locale.ROOT);
    }

    /** AUROC of this score with the OOD rows as positives. */
    public double auroc(ClassificationPredictive inDistribution, ClassificationPredictive outOfDistribution) {
        return RankingMetrics.auroc(scores(inDistribution), scores(outOfDistribution));
    }
}
