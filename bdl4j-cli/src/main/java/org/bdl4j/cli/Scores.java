package org.bdl4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Task;
import org.bdl4j.data.Dataset;
import org.bdl4j.metrics.ClassificationMetrics;
import org.bdl4j.ood.OodScore;
import org.bdl4j.metrics.SelectiveMetrics;
import org.bdl4j.metrics.PredictiveReports;

/**
 * The metrics the command line prints for a posterior on labelled rows: {@code accuracy, nll, brier,
 * ece, mce, sel_acc80} (selective accuracy at 80% coverage by confidence; + {@code ood_auroc} by
 * predictive entropy, {@code ood_auroc_msp}, and {@code ood_auroc_mi} when the method has epistemic
 * uncertainty) or {@code rmse, nll, crps, picp, interval_width}.
 */
final class Scores {
    /** The coverage of {@code sel_acc80}: the accuracy on the 80% most confident rows. */
    static final double SELECTIVE_COVERAGE = 0.8;

    private Scores() {}

    static Map<String, Double> of(Posterior post, Predictive p, Dataset labelled, Dataset ood, double level) {
        if (ood != null && post.schema().task() != Task.CLASSIFICATION) {
            throw new CliException("--ood applies to classification models only");
        }
        return of(p, labelled, ood == null ? null : post.predictClasses(ood), level);
    }

    /** The metrics of predictive {@code p} on {@code labelled}, with {@code ood} the predictive on OOD rows (or null). */
    static Map<String, Double> of(Predictive p, Dataset labelled, ClassificationPredictive ood, double level) {
        boolean classes = labelled.task() == Task.CLASSIFICATION;
        Map<String, Double> m = of(p, classes ? labelled.labels() : null, classes ? null : labelled.targets(), level);
        if (classes) {
            ClassificationPredictive c = p.asClassification();
            if (ood != null) {
                m.put("ood_auroc", OodScore.ENTROPY.auroc(c, ood));
                m.put("ood_auroc_msp", OodScore.MSP.auroc(c, ood));
                if (hasEpistemic(c) || hasEpistemic(ood)) {
                    m.put("ood_auroc_mi", OodScore.MUTUAL_INFORMATION.auroc(c, ood));
                }
            }
        }
        return m;
    }

    /** The metrics of {@code p} against class {@code labels}, or else regression {@code targets}. */
    static Map<String, Double> of(Predictive p, int[] labels, float[] targets, double level) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (labels != null) {
            ClassificationPredictive c = p.asClassification();
            m.putAll(PredictiveReports.classification(c, labels));
            m.put("sel_acc80", SelectiveMetrics.accuracyAtCoverage(c.confidence(),
                    ClassificationMetrics.correct(c.probabilities(), labels), SELECTIVE_COVERAGE));
        } else {
            m.putAll(PredictiveReports.regression(p.asRegression(), targets, level));
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
