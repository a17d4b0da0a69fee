package org.bdl4j.conformal;

import java.util.Objects;

/** Argument checks of the conformal predictors (one-line messages naming the argument and value). */
final class ConformalChecks {
    static final double ROW_SUM_TOLERANCE = 1e-3;

    private ConformalChecks() {}

    /**
     * n &gt;= 1 rows of C &gt;= 2 probabilities in [0, 1], each row summing to 1 within 1e-3.
     *
     * @return C
     */
    static int probabilities(double[][] probs) {
        Objects.requireNonNull(probs, "probabilities");
        if (probs.length == 0) {
            throw new IllegalArgumentException("probabilities has 0 rows, expected at least 1");
        }
        int c = probs[0].length;
        if (c < 2) {
            throw new IllegalArgumentException("probabilities have " + c + " columns, expected at least 2 classes");
        }
        for (int i = 0; i < probs.length; i++) {
            double[] row = probs[i];
            if (row.length != c) {
                throw new IllegalArgumentException("probabilities row " + i + " has " + row.length + " columns, row 0 has "
                        + c);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                if (!(row[k] >= 0 && row[k] <= 1)) {
                    throw new IllegalArgumentException("probabilities[" + i + "][" + k + "] = " + row[k]
                            + ", expected a probability in [0, 1]");
                }
                sum += row[k];
            }
            if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException("probabilities row " + i + " sums to " + sum + ", expected 1 (within "
                        + ROW_SUM_TOLERANCE + ")");
            }
        }
        return c;
    }

    /**
     * One label per row, each in [0, classes). At calibration ({@code atFit}): "label 12 at row 3 is not
     * a class of the 10 probability columns (0..9)"; afterwards: "label 12 at row 3 was not seen at fit
     * time (the predictor knows classes 0..9)".
     */
    static void labels(int[] labels, int rows, int classes, boolean atFit) {
        Objects.requireNonNull(labels, "labels");
        if (labels.length != rows) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, expected " + rows);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at row " + i + (atFit
                        ? " is not a class of the " + classes + " probability columns (0.." + (classes - 1) + ")"
                        : " was not seen at fit time (the predictor knows classes 0.." + (classes - 1) + ")"));
            }
        }
    }

    /** n finite targets for n predictive rows. */
    static void targets(double[] y, int rows) {
        Objects.requireNonNull(y, "targets");
        if (y.length != rows) {
            throw new IllegalArgumentException("targets has " + y.length + " entries, the predictive " + rows + " rows");
        }
        if (rows == 0) {
            throw new IllegalArgumentException("targets has 0 entries, expected at least 1");
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("targets[" + i + "] = " + y[i] + ", expected a finite value");
            }
        }
    }
}
