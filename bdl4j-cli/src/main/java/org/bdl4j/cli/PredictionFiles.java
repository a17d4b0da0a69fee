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
     * @param classes the classes the score columns must name in order (null: from the header)
     */
    record Read(Predictive predictive, int[] labels, double[] targets) {
        boolean hasTruth() {
            return labels != null || targets != null;
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
                    r.targets());
        }
        PredictionsCsv.ClassScores s = PredictionsCsv.classScores(file, truth, classes);
        double[][] p = scores.equals("logits") ? Logits.softmax(s.values()) : s.values();
        return new Read(ClassificationPredictive.ofPoint(p, s.classNames()), s.labels(), null);
    }
}
