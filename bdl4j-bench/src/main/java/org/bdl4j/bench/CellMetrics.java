package org.bdl4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.EvaluationSet;
import org.bdl4j.ood.OodScore;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.metrics.RankingMetrics;

/**
 * The battery's metrics of one method on one set, from its predictives on the test and OOD rows (and the
 * training rows of a set with a gap). A key is absent when its value is undefined.
 *
 * <ul>
 *   <li>classification: {@code accuracy}, test {@code nll}, {@code ece} (15 bins), {@code ood_auroc}
 *       (predictive entropy, OOD rows positive);
 *   <li>regression: {@code rmse}, test {@code nll} (Gaussian, total variance), {@code coverage_90} (the
 *       share of test targets inside the central 90 % interval), {@code ood_auroc} (predictive standard
 *       deviation), and where the set has a gap {@code gap_ratio}: the mean epistemic standard deviation
 *       at the test inputs in the gap over its mean at the training inputs;
 *   <li>against MAP on the same set: {@code nll_ratio} = nll / nll_MAP (only when nll_MAP &gt; 0, as a
 *       regression NLL can be negative), {@code nll_diff} = nll − nll_MAP and {@code ood_auroc_diff}.
 * </ul>
 */
final class CellMetrics {
    static final String NLL = "nll";
    static final String NLL_RATIO = "nll_ratio";
    static final String NLL_DIFF = "nll_diff";
    static final String ECE = "ece";
    static final String OOD_AUROC = "ood_auroc";
    static final String OOD_AUROC_DIFF = "ood_auroc_diff";
    static final String COVERAGE = "coverage_90";
    static final String GAP_RATIO = "gap_ratio";
    static final double LEVEL = PredictiveReports.DEFAULT_LEVEL;

    private CellMetrics() {}

    /**
     * @param train the predictive at the training rows, needed only for a set with a gap (else null)
     */
    static Map<String, Double> of(EvaluationSet set, Predictive test, Predictive ood, Predictive train) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (test instanceof ClassificationPredictive c) {
            Map<String, Double> report = PredictiveReports.classification(c, set.test().labels());
            m.put("accuracy", report.get("accuracy"));
            m.put(NLL, report.get("nll"));
            m.put(ECE, report.get("ece"));
            m.put(OOD_AUROC, OodScore.ENTROPY.auroc(c, ood.asClassification()));
        } else {
            RegressionPredictive r = test.asRegression();
            Map<String, Double> report = PredictiveReports.regression(r, set.test().targets(), LEVEL);
            m.put("rmse", report.get("rmse"));
            m.put(NLL, report.get("nll"));
            m.put(COVERAGE, report.get("picp"));
            m.put(OOD_AUROC, RankingMetrics.auroc(r.std(), ood.asRegression().std()));
            if (set.hasGap()) {
                putFinite(m, GAP_RATIO, gapRatio(set, r, train.asRegression()));
            }
        }
        return m;
    }

    /** Adds the comparisons with MAP's metrics on the same set ({@code map} may lack some keys). */
    static void compareWithMap(Map<String, Double> m, Map<String, Double> map) {
        Double nll = m.get(NLL);
        Double mapNll = map.get(NLL);
        if (nll != null && mapNll != null) {
            if (mapNll > 0) {
                m.put(NLL_RATIO, nll / mapNll);
            }
            m.put(NLL_DIFF, nll - mapNll);
        }
        Double auroc = m.get(OOD_AUROC);
        Double mapAuroc = map.get(OOD_AUROC);
        if (auroc != null && mapAuroc != null) {
            m.put(OOD_AUROC_DIFF, auroc - mapAuroc);
        }
    }

    /** Mean epistemic sd at the test inputs inside the gap / mean epistemic sd at the training inputs. */
    private static double gapRatio(EvaluationSet set, RegressionPredictive test, RegressionPredictive train) {
        Dataset x = set.test();
        double inGap = 0;
        int count = 0;
        for (int i = 0; i < x.rows(); i++) {
            if (set.gap().containsStrictly(x.features()[i])) {
                inGap += Math.sqrt(test.epistemicVariance()[i]);
                count++;
            }
        }
        return (inGap / count) / meanSd(train.epistemicVariance());
    }

    private static double meanSd(double[] variances) {
        double sum = 0;
        for (double v : variances) {
            sum += Math.sqrt(v);
        }
        return sum / variances.length;
    }

    private static void putFinite(Map<String, Double> m, String key, double value) {
        if (Double.isFinite(value)) {
            m.put(key, value);
        }
    }
}
