package org.bdl4j.conformal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Posterior;
import org.bdl4j.data.Task;
import org.bdl4j.data.Dataset;

/**
 * Split (inductive) conformal classification (Papadopoulos et al. 2002; Vovk et al. 2005; Lei et al.
 * 2018) with any {@link ClassificationScore}: calibration computes the score of the true label of
 * every calibration input and takes the finite-sample quantile t = {@link ConformalQuantile#of} of
 * them (per class for {@link Conditioning#CLASS_CONDITIONAL}); the set of a new input is
 * {y : s(x, y, u) &lt;= t_y}.
 *
 * <p>Guarantee: with exchangeable calibration and test data, P(y ∈ C(x)) &gt;= 1 - α, and
 * &lt;= 1 - α + 1/(n+1) when scores are distinct. With fewer than 1/α - 1 calibration points the
 * threshold is +∞ and every set is the full label set (the guarantee then holds trivially).
 *
 * <p>Randomised scores draw one u ~ U(0, 1) per input, in row order, from
 * {@code new SplittableRandom(seed)}: the same seed gives the same sets. Use different seeds for
 * calibration and prediction.
 *
 * <p>Works on any posterior's {@link ClassificationPredictive} and on plain probability arrays (for
 * logits, take their softmax first).
 */
public final class SplitConformalClassifier implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final ClassificationScore score;
    private final double alpha;
    private final Conditioning conditioning;
    private final double[] thresholds;
    private final int[] calibrationCounts;
    private final List<String> classNames;

    private SplitConformalClassifier(ClassificationScore score, double alpha, Conditioning conditioning,
            double[] thresholds, int[] calibrationCounts, List<String> classNames) {
        this.score = score;
        this.alpha = alpha;
        this.conditioning = conditioning;
        this.thresholds = thresholds;
        this.calibrationCounts = calibrationCounts;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * Calibrates on any posterior: its predictive at the rows of {@code calibration}, whose labels
     * must be indexed by the posterior's classes (as a table read for the model is).
     */
    public static SplitConformalClassifier calibrate(ClassificationScore score, double alpha, Conditioning conditioning,
            Posterior posterior, Dataset calibration, long seed) {
        ConformalQuantile.checkAlpha(alpha);
        if (calibration.task() != Task.CLASSIFICATION) {
            throw new IllegalArgumentException("conformal classification needs calibration rows with class labels, found "
                    + (calibration.task() == null ? "no target" : calibration.task().cliName() + " targets"));
        }
        List<String> classes = posterior.schema().classNames();
        if (!calibration.classNames().equals(classes)) {
            throw new IllegalArgumentException("the calibration labels are " + calibration.classNames()
                    + ", the posterior's classes " + classes);
        }
        return calibrate(score, alpha, conditioning, posterior.predictClasses(calibration), calibration.labels(), seed);
    }

    /**
     * Calibrates on a posterior's predictive at the calibration inputs and their true labels
     * (indices into the predictive's classes).
     */
    public static SplitConformalClassifier calibrate(ClassificationScore score, double alpha, Conditioning conditioning,
            ClassificationPredictive calibration, int[] labels, long seed) {
        return calibrate(score, alpha, conditioning, calibration.probabilities(), labels, calibration.classNames(),
                seed);
    }

    /**
     * Calibrates on plain probabilities (n x C, rows summing to 1 within 1e-3) and labels in [0, C);
     * classes are named "0".."C-1".
     *
     * @throws IllegalArgumentException for α outside (0, 1), a label outside [0, C), or invalid
     *     probabilities, naming the value found
     */
    public static SplitConformalClassifier calibrate(ClassificationScore score, double alpha, Conditioning conditioning,
            double[][] probabilities, int[] labels, long seed) {
        return calibrate(score, alpha, conditioning, probabilities, labels, null, seed);
    }

    private static SplitConformalClassifier calibrate(ClassificationScore score, double alpha,
            Conditioning conditioning, double[][] probabilities, int[] labels, List<String> names, long seed) {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(conditioning, "conditioning");
        ConformalQuantile.checkAlpha(alpha);
        int c = ConformalChecks.probabilities(probabilities);
        ConformalChecks.labels(labels, probabilities.length, c, true);
        List<String> classNames = names == null ? PredictionSets.defaultNames(c) : names;
        if (classNames.size() != c) {
            throw new IllegalArgumentException("there are " + classNames.size() + " class names for " + c
                    + " probability columns");
        }
        int n = probabilities.length;
        double[] s = new double[n];
        double[] all = new double[c];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            score.scores(probabilities[i], draw(score, rng), all);
            s[i] = all[labels[i]];
        }
        double[] thresholds = new double[c];
        int[] counts = new int[c];
        for (int y : labels) {
            counts[y]++;
        }
        if (conditioning == Conditioning.MARGINAL) {
            Arrays.fill(thresholds, ConformalQuantile.of(s, alpha));
        } else {
            for (int k = 0; k < c; k++) {
                double[] sk = new double[counts[k]];
                int j = 0;
                for (int i = 0; i < n; i++) {
                    if (labels[i] == k) {
                        sk[j++] = s[i];
                    }
                }
                thresholds[k] = ConformalQuantile.of(sk, alpha);
            }
        }
        return new SplitConformalClassifier(score, alpha, conditioning, thresholds, counts, classNames);
    }

    private static double draw(ClassificationScore score, SplittableRandom rng) {
        return score.randomized() ? rng.nextDouble() : 1.0;
    }

    /** The prediction sets of a posterior's predictive (same classes as at calibration). */
    public PredictionSets predict(ClassificationPredictive predictive, long seed) {
        if (!predictive.classNames().equals(classNames)) {
            throw new IllegalArgumentException("the predictive's classes " + predictive.classNames()
                    + " differ from the calibration classes " + classNames);
        }
        return predict(predictive.probabilities(), seed);
    }

    /** The prediction sets {y : s(x, y, u) &lt;= t_y} of plain probabilities (n x C). */
    public PredictionSets predict(double[][] probabilities, long seed) {
        int c = ConformalChecks.probabilities(probabilities);
        if (c != thresholds.length) {
            throw new IllegalArgumentException("the probabilities have " + c + " columns, the predictor was calibrated on "
                    + thresholds.length + " classes");
        }
        boolean[][] member = new boolean[probabilities.length][c];
        double[] all = new double[c];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < probabilities.length; i++) {
            score.scores(probabilities[i], draw(score, rng), all);
            for (int k = 0; k < c; k++) {
                member[i][k] = all[k] <= thresholds[k];
            }
        }
        return new PredictionSets(member, classNames);
    }

    public ClassificationScore score() {
        return score;
    }

    public double alpha() {
        return alpha;
    }

    public Conditioning conditioning() {
        return conditioning;
    }

    /** The threshold t_k of every class (all equal for marginal coverage; +∞ where too few points). */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** The number of calibration points with each label. */
    public int[] calibrationCounts() {
        return calibrationCounts.clone();
    }

    public List<String> classNames() {
        return classNames;
    }
}
