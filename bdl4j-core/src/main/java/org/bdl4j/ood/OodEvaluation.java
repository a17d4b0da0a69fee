package org.bdl4j.ood;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bdl4j.metrics.RankingMetrics;

/**
 * How well one score separates in-distribution rows from out-of-distribution rows, with bootstrap
 * confidence intervals:
 *
 * <ul>
 *   <li>{@code auroc}: the area under the ROC curve with the OOD rows as positives
 *       ({@link RankingMetrics#auroc(double[], double[])}); 0.5 is chance.
 *   <li>{@code aupr_out}: average precision with the OOD rows as positives (higher score = OOD);
 *       {@code aupr_in}: with the in-distribution rows as positives and the score negated (Hendrycks
 *       &amp; Gimpel 2017 report both, since each depends on the class balance).
 *   <li>{@code fpr95}: the fraction of OOD rows accepted as in-distribution when the threshold accepts
 *       95% of the in-distribution rows (the convention of Liang et al. 2018 and Liu et al. 2020: the
 *       in-distribution rows are the positives); lower is better.
 * </ul>
 *
 * The intervals are percentile intervals of a stratified bootstrap (Efron &amp; Tibshirani 1993,
 * chapter 13): each replicate resamples the in-distribution rows and the OOD rows separately, with
 * replacement and at their own sizes, from {@code SplittableRandom(seed)}; with 0 replicates the bounds
 * are NaN.
 */
public record OodEvaluation(Estimate auroc, Estimate auprIn, Estimate auprOut, Estimate fpr95, int inRows,
        int outRows, int bootstrap, double level) {
    /** A metric's value on the rows given and its bootstrap interval. */
    public record Estimate(double value, double lower, double upper) {}

    /**
     * Evaluates the scores of in-distribution rows {@code in} against OOD rows {@code out}.
     *
     * @param bootstrap replicates (0 = no intervals)
     * @param level the intervals' level in (0, 1)
     * @throws IllegalArgumentException for an empty set, a NaN score, a negative replicate count or a
     *     level outside (0, 1)
     */
    public static OodEvaluation of(double[] in, double[] out, int bootstrap, double level, long seed) {
        if (in.length == 0 || out.length == 0) {
            throw new IllegalArgumentException("OOD evaluation needs in-distribution and OOD rows, found "
                    + in.length + " and " + out.length);
        }
        if (bootstrap < 0) {
            throw new IllegalArgumentException("bootstrap replicates must be >= 0, found " + bootstrap);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must be in (0, 1), found " + level);
        }
        double[] point = metrics(in, out);
        double[][] reps = new double[4][bootstrap];
        SplittableRandom rng = new SplittableRandom(seed);
        double[] bi = new double[in.length];
        double[] bo = new double[out.length];
        for (int b = 0; b < bootstrap; b++) {
            resample(in, bi, rng);
            resample(out, bo, rng);
            double[] m = metrics(bi, bo);
            for (int k = 0; k < 4; k++) {
                reps[k][b] = m[k];
            }
        }
        Estimate[] e = new Estimate[4];
        for (int k = 0; k < 4; k++) {
            e[k] = bootstrap == 0 ? new Estimate(point[k], Double.NaN, Double.NaN)
                    : new Estimate(point[k], percentile(reps[k], (1 - level) / 2), percentile(reps[k], (1 + level) / 2));
        }
        return new OodEvaluation(e[0], e[1], e[2], e[3], in.length, out.length, bootstrap, level);
    }

    /** AUROC, AUPR-in, AUPR-out and FPR95 of one pair of score sets. */
    static double[] metrics(double[] in, double[] out) {
        double[] negated = new double[in.length + out.length];
        boolean[] isIn = new boolean[negated.length];
        for (int i = 0; i < in.length; i++) {
            negated[i] = -in[i];
            isIn[i] = true;
        }
        for (int i = 0; i < out.length; i++) {
            negated[in.length + i] = -out[i];
        }
        return new double[] {RankingMetrics.auroc(in, out), RankingMetrics.aupr(negated, isIn),
            RankingMetrics.aupr(in, out), RankingMetrics.fprAt95Tpr(negated, isIn)};
    }

    private static void resample(double[] from, double[] into, SplittableRandom rng) {
        for (int i = 0; i < into.length; i++) {
            into[i] = from[rng.nextInt(from.length)];
        }
    }

    /** The q-quantile of the replicates by linear interpolation between order statistics (type 7). */
    static double percentile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        double h = (s.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }
}
