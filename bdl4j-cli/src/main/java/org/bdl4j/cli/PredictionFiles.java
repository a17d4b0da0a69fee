package org.bdl4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.calibration.Logits;
import org.bdl4j.data.PredictionsCsv;

/**
 * CSV files of predictions made elsewhere, read as a predictive with the truth when the file has it:
 * class scores ({@code p_<class>} or {@code logit_<class>} columns, probabilities or logits) or a
 * Gaussian ({@code mean}, optional {@code std}; all of its variance aleatoric), for {@code conformal},
 * {@code calibrate} and {@code predict}.
 */
final class PredictionFiles {
    private PredictionFiles() {}

    /**
     * A file's predictive and its labels or targets (null when absent).
     *
     * @param logits the class columns row-major (n x C) when they hold logits, else null
     */
    record Read(Predictive predictive, int[] labels, double[] targets, double[] logits) {
        boolean hasTruth() {
            return labels != null || targets != null;
        }
    }

    /** The largest distance of a row's sum from 1 accepted for probabilities (they are often rounded). */
    static final double SUM_TOLERANCE = 1e-3;

    /**
     * Checks that every row holds probabilities: values in [0, 1] summing to 1 within
     * {@value #SUM_TOLERANCE}; a file of logits read as probabilities would otherwise give wrong scores
     * silently.
     */
    private static void checkProbabilities(Path file, double[][] values) {
        for (int i = 0; i < values.length; i++) {
            double sum = 0;
            for (double v : values[i]) {
                if (v < 0 || v > 1) {
                    throw new CliException(file + ": data row " + (i + 1) + " has the class score " + v + ", not a"
                            + " probability: are the columns logits? (--scores logits)");
                }
                sum += v;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw new CliException(String.format(java.util.Locale.ROOT, "%s: data row %d's class scores sum to"
                        + " %.6g, not 1: are the columns logits? (--scores logits)", file, i + 1, sum));
            }
        }
    }

    /** Checks {@code --scores}. */
    static void checkScores(String scores) {
        if (!scores.equals("probabilities") && !scores.equals("logits")) {
            throw new CliException("--scores must be 'probabilities' or 'logits', found '" + scores + "'");
        }
    }

    /**
     * Reads {@code file}: regression when it has a {@code mean} column, class scores otherwise.
     *
     * @param target the label or target column, or null; it is used only when the file has it
     * @param classes the classes the score columns must name in order, or null to take the header's
     */
    static Read read(Path file, String target, String scores, List<String> classes) {
        checkScores(scores);
        String truth = target != null && PredictionsCsv.hasColumn(file, target) ? target : null;
        if (PredictionsCsv.hasColumn(file, "mean")) {
            PredictionsCsv.RegressionPredictions r = PredictionsCsv.regression(file, truth);
            return new Read(new RegressionPredictive(r.mean(), r.variance(), new double[r.mean().length]), null,
                    r.targets(), null);
        }
        PredictionsCsv.ClassScores s = PredictionsCsv.classScores(file, truth, classes);
        boolean logits = scores.equals("logits");
        if (!logits) {
            checkProbabilities(file, s.values());
        }
        double[][] p = logits ? Logits.softmax(s.values()) : s.values();
        double[] flat = null;
        if (logits) {
            int c = s.classNames().size();
            flat = new double[s.values().length * c];
            for (int i = 0; i < s.values().length; i++) {
                System.arraycopy(s.values()[i], 0, flat, i * c, c);
            }
        }
        return new Read(ClassificationPredictive.ofPoint(p, s.classNames()), s.labels(), null, flat);
    }
}
