package org.bdl4j.spark;

import java.util.List;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.ood.OodScorer;
import org.bdl4j.ood.RejectionFile;

/**
 * The rejection columns of one batch ({@link ScoreColumns#rejectionFields}): the saved rule's OOD score
 * of each row and whether the rule refuses it, with the predictive the score was computed from (so the
 * model runs once per batch).
 */
final class RejectionColumns {
    private RejectionColumns() {}

    /** The predictive of {@code x} and the columns {@code ood_score}, {@code reject}. */
    record Scored(Predictive predictive, List<Object[]> columns) {}

    static Scored of(RejectionFile.Loaded rule, Dataset x, String model) {
        OodScorer.Scored scored = rule.scorer().score(x, List.of(rule.rule().score()));
        double[] s = scored.scores().get(rule.rule().score());
        if (s == null) {
            throw new IllegalArgumentException("model " + model + ": the rejection rule's score "
                    + rule.rule().score() + " is not available: " + scored.unavailable().get(rule.rule().score()));
        }
        boolean[] rejected = rule.rule().rejects(s);
        Object[] scores = new Object[s.length];
        Object[] flags = new Object[s.length];
        for (int i = 0; i < s.length; i++) {
            scores[i] = s[i];
            flags[i] = rejected[i];
        }
        return new Scored(scored.predictive(), List.of(scores, flags));
    }
}
