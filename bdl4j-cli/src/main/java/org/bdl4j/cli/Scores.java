package org.bdl4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Task;
import org.bdl4j.data.Dataset;
import org.bdl4j.metrics.OodScore;
import org.bdl4j.metrics.PredictiveReports;

/**
 * The metrics the command line prints for a posterior on labelled rows: {@code accuracy, nll, brier,
 * ece, mce} (+ {@code ood_auroc} by predictive entropy, {@code ood_auroc_msp}, and
 * {@code ood_auroc_mi} when the method has epistemic uncertainty) or
 * {@code rmse, nll, crps, picp, interval_width}.
 */
final class Scores {
    private Scores() {}

    static Map<String, Double> of(Posterior post, Predictive p, Dataset labelled, Dataset ood, double level) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (post.schema().task() == Task.CLASSIFICATION) {
            ClassificationPredictive c = p.asClassification();
            m.putAll(PredictiveReports.classification(c, labelled.labels()));
            if (ood != null) {
                ClassificationPredictive o = post.predictClasses(ood);
                m.put("ood_auroc", OodScore.ENTROPY.auroc(c, o));
                m.put("ood_auroc_msp", OodScore.MSP.auroc(c, o));
                if (hasEpistemic(c) || hasEpistemic(o)) {
                    m.put("ood_auroc_mi", OodScore.MUTUAL_INFORMATION.auroc(c, o));
                }
            }
        } else {
            if (ood != null) {
                throw new CliException("--ood applies to classification models only");
            }
            m.putAll(PredictiveReports.regression(p.asRegression(), labelled.targets(), level));
        }
        return m;
    }

    private static boolean hasEpistemic(ClassificationPredictive p) {
        for (double v : p.mutualInformation()) {
            if (v > 0) {
                return true;
            }
        }
        return false;
    }
}
