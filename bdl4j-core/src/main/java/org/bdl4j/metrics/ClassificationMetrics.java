package org.bdl4j.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Quality and calibration metrics of predictive class probabilities.
 *
 * <p>Every method takes {@code probs}, an n x C table of predictive probabilities (n &gt;= 1 rows of
 * equal length C &gt;= 1, entries in [0, 1], each row summing to 1 within 1e-3), and where needed
 * {@code labels}, n class indices in [0, C). The prediction is the arg-max of a row, ties going to
 * the lowest index; the confidence is the row's maximum. Invalid input throws an
 * {@link IllegalArgumentException} naming the argument and the value found.
 *
 * <p>Calibration error follows Guo et al., "On calibration of modern neural networks", ICML 2017
 * (ECE, MCE, reliability diagrams; Naeini et al., AAAI 2015) and Nixon et al., "Measuring
 * calibration in deep learning", CVPR Workshops 2019 (adaptive, equal-mass binning).
 */
public final class ClassificationMetrics {
    /** The number of equal-width bins the project uses for ECE and MCE unless told otherwise. */
    public static final int DEFAULT_BINS = 15;
    /** The floor put under the probability of the true label in {@link #nll}. */
    public static final double NLL_FLOOR = 1e-12;

    private ClassificationMetrics() {
    }

    /** The arg-max of each row (ties: the lowest index). */
    public static int[] predictions(double[][] probs) {
        Checks.probabilities(probs);
        int[] out = new int[probs.length];
        for (int i = 0; i < probs.length; i++) {
            out[i] = argmax(probs[i]);
        }
        return out;
    }

    /** The top-label confidence max_k p_ik of each row. */
    public static double[] confidence(double[][] probs) {
        Checks.probabilities(probs);
        double[] out = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            out[i] = probs[i][argmax(probs[i])];
        }
        return out;
    }

    /** Whether each row's arg-max equals its label (for misclassification detection). */
    public static boolean[] correct(double[][] probs, int[] labels) {
        checked(probs, labels);
        boolean[] out = new boolean[probs.length];
        for (int i = 0; i < probs.length; i++) {
            out[i] = argmax(probs[i]) == labels[i];
        }
        return out;
    }

    /** Accuracy: (1/n) sum_i 1{argmax_k p_ik = y_i}, ties in the arg-max going to the lowest index. */
    public static double accuracy(double[][] probs, int[] labels) {
        boolean[] correct = correct(probs, labels);
        int hits = 0;
        for (boolean c : correct) {
            hits += c ? 1 : 0;
        }
        return (double) hits / correct.length;
    }

    /**
     * Negative log-likelihood (mean cross-entropy): (1/n) sum_i -log max(p_{i,y_i}, 1e-12). The floor
     * keeps a confidently wrong prediction finite (at most -log 1e-12 = 27.63 per sample).
     */
    public static double nll(double[][] probs, int[] labels) {
        double sum = 0;
        for (double v : rowNll(probs, labels)) {
            sum += v;
        }
        return sum / probs.length;
    }

    /** The summands of {@link #nll}: −log max(p_i[y_i], floor) per row. */
    public static double[] rowNll(double[][] probs, int[] labels) {
        checked(probs, labels);
        double[] out = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            out[i] = -Math.log(Math.max(probs[i][labels[i]], NLL_FLOOR));
        }
        return out;
    }

    /**
     * Brier score (Brier, Monthly Weather Review 78, 1950) in its multi-class form:
     * (1/n) sum_i sum_k (p_ik - 1{k = y_i})^2, in [0, 2]; 0 for a certain correct prediction,
     * 2 for a certain wrong one.
     */
    public static double brier(double[][] probs, int[] labels) {
        checked(probs, labels);
        double sum = 0;
        for (int i = 0; i < probs.length; i++) {
            double[] row = probs[i];
            for (int k = 0; k < row.length; k++) {
                double d = row[k] - (k == labels[i] ? 1 : 0);
                sum += d * d;
            }
        }
        return sum / probs.length;
    }

    /** Expected calibration error with {@link #DEFAULT_BINS} (15) equal-width bins; see {@link #ece(double[][], int[], int)}. */
    public static double ece(double[][] probs, int[] labels) {
        return ece(probs, labels, DEFAULT_BINS);
    }

    /**
     * Expected calibration error (Naeini et al. 2015; Guo et al. 2017) over equal-width bins of the
     * top-label confidence: ECE = sum_b (n_b / n) |acc_b - conf_b|, where bin b = 0..B-1 holds the
     * confidences in (b/B, (b+1)/B] (a confidence of exactly 0 goes to bin 0), acc_b is the accuracy
     * and conf_b the mean confidence of its n_b samples; empty bins contribute nothing.
     */
    public static double ece(double[][] probs, int[] labels, int bins) {
        return expectedGap(reliabilityBins(probs, labels, bins));
    }

    /** Maximum calibration error with {@link #DEFAULT_BINS} (15) equal-width bins; see {@link #mce(double[][], int[], int)}. */
    public static double mce(double[][] probs, int[] labels) {
        return mce(probs, labels, DEFAULT_BINS);
    }

    /**
     * Maximum calibration error (Naeini et al. 2015): max over non-empty equal-width bins of
     * |acc_b - conf_b|, with the bins of {@link #ece(double[][], int[], int)}.
     */
    public static double mce(double[][] probs, int[] labels, int bins) {
        return maxGap(reliabilityBins(probs, labels, bins));
    }

    /**
     * Adaptive (equal-mass) calibration error (Nixon et al. 2019): the samples are sorted by
     * top-label confidence, ascending, equal confidences keeping their input order (a stable sort,
     * so ties are split by sample index), and the sorted sequence is cut into {@code bins} contiguous
     * groups whose sizes differ by at most one, the first n mod B groups holding one extra sample (the
     * split of numpy's {@code array_split}; with B &gt; n the last B - n groups are empty). Then
     * ACE = sum_g (n_g / n) |acc_g - conf_g|, as for {@link #ece(double[][], int[], int)}.
     */
    public static double adaptiveEce(double[][] probs, int[] labels, int bins) {
        Checks.bins(bins);
        boolean[] correct = correct(probs, labels);
        double[] conf = confidence(probs);
        int n = conf.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(conf[a], conf[b])); // stable: ties by index
        List<ReliabilityBin> groups = new ArrayList<>(bins);
        int base = n / bins;
        int extra = n % bins;
        int start = 0;
        for (int g = 0; g < bins; g++) {
            int end = start + base + (g < extra ? 1 : 0);
            double confSum = 0;
            int hits = 0;
            for (int j = start; j < end; j++) {
                confSum += conf[order[j]];
                hits += correct[order[j]] ? 1 : 0;
            }
            double lower = end > start ? conf[order[start]] : Double.NaN;
            double upper = end > start ? conf[order[end - 1]] : Double.NaN;
            groups.add(bin(lower, upper, end - start, confSum, hits));
            start = end;
        }
        return expectedGap(groups);
    }

    /**
     * The reliability diagram: {@code bins} equal-width bins of top-label confidence,
     * bin b = (b/B, (b+1)/B] (a confidence of exactly 0 goes to bin 0), in order, empty bins
     * included with count 0 and NaN means.
     */
    public static List<ReliabilityBin> reliabilityBins(double[][] probs, int[] labels, int bins) {
        Checks.bins(bins);
        boolean[] correct = correct(probs, labels);
        double[] conf = confidence(probs);
        int[] counts = new int[bins];
        int[] hits = new int[bins];
        double[] confSums = new double[bins];
        for (int i = 0; i < conf.length; i++) {
            int b = binIndex(conf[i], bins);
            counts[b]++;
            hits[b] += correct[i] ? 1 : 0;
            confSums[b] += conf[i];
        }
        List<ReliabilityBin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            out.add(bin(edge(b, bins), edge(b + 1, bins), counts[b], confSums[b], hits[b]));
        }
        return Collections.unmodifiableList(out);
    }

    /** sum_b (n_b / n) |acc_b - conf_b| over the non-empty bins, n = sum_b n_b. */
    static double expectedGap(List<ReliabilityBin> bins) {
        long n = 0;
        for (ReliabilityBin bin : bins) {
            n += bin.count();
        }
        double sum = 0;
        for (ReliabilityBin bin : bins) {
            if (bin.count() > 0) {
                sum += (double) bin.count() / n * bin.gap();
            }
        }
        return sum;
    }

    /** max_b |acc_b - conf_b| over the non-empty bins. */
    static double maxGap(List<ReliabilityBin> bins) {
        double max = 0;
        for (ReliabilityBin bin : bins) {
            if (bin.count() > 0) {
                max = Math.max(max, bin.gap());
            }
        }
        return max;
    }

    /** The edge b / B (exactly the double nearest to it, for every b). */
    private static double edge(int b, int bins) {
        return (double) b / bins;
    }

    /** The bin b with b/B &lt; c &lt;= (b+1)/B, clamped to [0, B-1] (so c = 0 lands in bin 0). */
    static int binIndex(double c, int bins) {
        int b = Math.min(bins - 1, Math.max(0, (int) Math.ceil(c * bins) - 1));
        // c * B may round across an edge: settle the bin against the edges themselves
        while (b > 0 && c <= edge(b, bins)) {
            b--;
        }
        while (b < bins - 1 && c > edge(b + 1, bins)) {
            b++;
        }
        return b;
    }

    private static ReliabilityBin bin(double lower, double upper, int count, double confSum, int hits) {
        return count == 0
                ? new ReliabilityBin(lower, upper, 0, Double.NaN, Double.NaN)
                : new ReliabilityBin(lower, upper, count, confSum / count, (double) hits / count);
    }

    private static int argmax(double[] row) {
        int best = 0;
        for (int k = 1; k < row.length; k++) {
            if (row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }

    private static void checked(double[][] probs, int[] labels) {
        int classes = Checks.probabilities(probs);
        Checks.labels(labels, probs.length, classes);
    }
}
