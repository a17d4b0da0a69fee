package org.bdl4j.metrics;

/**
 * Selective prediction: how the error rate falls as the least confident predictions are rejected.
 *
 * <p>Inputs are a confidence per sample (any real score, higher = more confident; no NaN) and
 * whether the sample's prediction is correct. Samples are taken in descending confidence, and samples
 * of equal confidence are kept or rejected together: the curve has a point only at the end of each
 * group of equal confidences.
 */
public final class SelectiveMetrics {
    private SelectiveMetrics() {
    }

    /**
     * The risk-coverage curve (Geifman and El-Yaniv, "Selective classification for deep neural
     * networks", NeurIPS 2017): with the samples in descending confidence and k_g the number kept
     * after the g-th group of equal confidence, the points are coverage_g = k_g / n and
     * risk_g = (errors among the k_g most confident) / k_g.
     */
    public static RiskCoverageCurve riskCoverage(double[] confidence, boolean[] correct) {
        Checks.nonEmpty("confidence", confidence);
        Checks.flags("correct", correct, "confidence", confidence.length);
        Checks.notNaN("confidence", confidence);
        int n = confidence.length;
        boolean[] wrong = new boolean[n];
        for (int i = 0; i < n; i++) {
            wrong[i] = !correct[i];
        }
        TieGroups t = TieGroups.descending(confidence, wrong);
        double[] coverage = new double[t.groups];
        double[] risk = new double[t.groups];
        long kept = 0;
        long errors = 0;
        for (int g = 0; g < t.groups; g++) {
            kept += t.flagged[g] + t.unflagged[g];
            errors += t.flagged[g];
            coverage[g] = (double) kept / n;
            risk[g] = (double) errors / kept;
        }
        return new RiskCoverageCurve(coverage, risk);
    }

    /**
     * Area under the risk-coverage curve, AURC (Geifman, Uziel and El-Yaniv, "Bias-reduced
     * uncertainty estimation for deep neural classifiers", ICLR 2019): the mean of risk(k) over
     * k = 1..n, where risk(k) is the error rate of the k most confident samples. With ties, k inside a
     * group of equal confidence takes the risk at the end of its group (the group enters whole), so
     * AURC = sum_g (group size_g / n) risk_g = {@link RiskCoverageCurve#area()}. Lower is better; a
     * classifier that is always right has AURC 0, one that is always wrong has 1.
     */
    public static double aurc(double[] confidence, boolean[] correct) {
        return riskCoverage(confidence, correct).area();
    }

    /**
     * Selective accuracy at {@code coverage}: the accuracy of the most confident samples at the first
     * point of the {@link #riskCoverage risk-coverage curve} whose coverage reaches {@code coverage}
     * (a group of equal confidences enters whole, so at least that share is kept), i.e. 1 − risk there.
     */
    public static double accuracyAtCoverage(double[] confidence, boolean[] correct, double coverage) {
        if (!(coverage > 0 && coverage <= 1)) {
            throw new IllegalArgumentException("coverage must be in (0, 1], found " + coverage);
        }
        RiskCoverageCurve curve = riskCoverage(confidence, correct);
        double[] c = curve.coverage();
        double[] r = curve.risk();
        for (int g = 0; g < c.length; g++) {
            if (c[g] >= coverage - 1e-12) {
                return 1 - r[g];
            }
        }
        return 1 - r[r.length - 1];
    }
}
