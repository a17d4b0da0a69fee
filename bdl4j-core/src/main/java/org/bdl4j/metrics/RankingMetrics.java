package org.bdl4j.metrics;

import java.util.Arrays;
import java.util.Objects;

/**
 * Threshold-free detection metrics for scores where a higher score means "more likely positive":
 * out-of-distribution detection (OOD samples are the positive class) and misclassification
 * detection (errors are the positive class).
 *
 * <p>Scores may be infinite but not NaN; both classes must be present. Every metric treats equal
 * scores as one group that crosses any threshold together (a threshold t predicts "positive" for
 * every score &gt;= t). All run in O(n log n).
 */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    /**
     * Area under the ROC curve: the probability that a random positive scores higher than a random
     * negative, a tie counting 1/2, i.e. the Mann-Whitney U statistic of the positives divided by
     * P N (Hanley and McNeil, Radiology 143, 1982). Computed by walking the groups of equal score from
     * the top: AUROC = sum_g neg_g (pos_above_g + pos_g / 2) / (P N), which equals the rank-sum
     * formula with average ranks for ties. 1 = perfect separation, 0 = reversed, 1/2 = all scores equal.
     */
    public static double auroc(double[] scores, boolean[] positive) {
        TieGroups t = groups(scores, positive);
        long twiceU = 0; // 2 U is an integer: exact
        long positivesAbove = 0;
        for (int g = 0; g < t.groups; g++) {
            twiceU += (long) t.unflagged[g] * (2 * positivesAbove + t.flagged[g]);
            positivesAbove += t.flagged[g];
        }
        return twiceU / (2.0 * t.totalFlagged * t.totalUnflagged);
    }

    /** {@link #auroc(double[], boolean[])} with the out-of-distribution samples as the positive class. */
    public static double auroc(double[] inScores, double[] outScores) {
        return auroc(concat(inScores, outScores), outFlags(inScores, outScores));
    }

    /**
     * Area under the precision-recall curve as average precision, the convention of scikit-learn's
     * {@code average_precision_score}: AP = sum_t (R_t - R_{t-1}) P_t over the thresholds t = the
     * distinct scores in descending order, where P_t and R_t are the precision and recall of
     * "score &gt;= t" (R_0 = 0). Equivalently each positive contributes (1/P) times the precision
     * measured at the end of its group of equal scores; no interpolation.
     */
    public static double aupr(double[] scores, boolean[] positive) {
        TieGroups t = groups(scores, positive);
        long truePositives = 0;
        long falsePositives = 0;
        double sum = 0;
        for (int g = 0; g < t.groups; g++) {
            truePositives += t.flagged[g];
            falsePositives += t.unflagged[g];
            if (t.flagged[g] > 0) {
                sum += t.flagged[g] * ((double) truePositives / (truePositives + falsePositives));
            }
        }
        return sum / t.totalFlagged;
    }

    /** {@link #aupr(double[], boolean[])} with the out-of-distribution samples as the positive class. */
    public static double aupr(double[] inScores, double[] outScores) {
        return aupr(concat(inScores, outScores), outFlags(inScores, outScores));
    }

    /**
     * False-positive rate at 95% true-positive rate: the smallest FPR = FP_t / N over the thresholds
     * t (the distinct scores; "score &gt;= t" is positive) whose TPR = TP_t / P is at least 0.95,
     * the comparison made exactly in integers (20 TP_t &gt;= 19 P). Since FPR and TPR both grow as t
     * falls, this is the FPR at the highest threshold that reaches 95% recall; equal scores cross the
     * threshold together, so a tie group straddling 95% recall counts whole.
     */
    public static double fprAt95Tpr(double[] scores, boolean[] positive) {
        TieGroups t = groups(scores, positive);
        long truePositives = 0;
        long falsePositives = 0;
        for (int g = 0; g < t.groups; g++) {
            truePositives += t.flagged[g];
            falsePositives += t.unflagged[g];
            if (20 * truePositives >= 19L * t.totalFlagged) {
                break;
            }
        }
        return (double) falsePositives / t.totalUnflagged;
    }

    /** {@link #fprAt95Tpr(double[], boolean[])} with the out-of-distribution samples as the positive class. */
    public static double fprAt95Tpr(double[] inScores, double[] outScores) {
        return fprAt95Tpr(concat(inScores, outScores), outFlags(inScores, outScores));
    }

    private static TieGroups groups(double[] scores, boolean[] positive) {
        Checks.nonEmpty("scores", scores);
        Checks.flags("positive", positive, "scores", scores.length);
        Checks.notNaN("scores", scores);
        TieGroups t = TieGroups.descending(scores, positive);
        if (t.totalFlagged == 0 || t.totalUnflagged == 0) {
            throw new IllegalArgumentException("positive has " + t.totalFlagged + " positives and "
                    + t.totalUnflagged + " negatives, both classes are needed");
        }
        return t;
    }

    private static double[] concat(double[] inScores, double[] outScores) {
        Checks.nonEmpty("inScores", inScores);
        Checks.nonEmpty("outScores", outScores);
        Checks.notNaN("inScores", inScores);
        Checks.notNaN("outScores", outScores);
        double[] all = new double[inScores.length + outScores.length];
        System.arraycopy(inScores, 0, all, 0, inScores.length);
        System.arraycopy(outScores, 0, all, inScores.length, outScores.length);
        return all;
    }

    private static boolean[] outFlags(double[] inScores, double[] outScores) {
        Objects.requireNonNull(inScores, "inScores");
        Objects.requireNonNull(outScores, "outScores");
        boolean[] flags = new boolean[inScores.length + outScores.length];
        Arrays.fill(flags, inScores.length, flags.length, true);
        return flags;
    }
}
