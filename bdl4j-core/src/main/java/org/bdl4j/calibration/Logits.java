package org.bdl4j.calibration;

import java.util.Objects;
import org.bdl4j.math.Softmax;

/**
 * Logits and the softmax, in double precision, with the checks every calibrator shares.
 *
 * <p>A posterior's predictive gives probabilities p̄ (for a method with weight samples, the mean
 * over samples); the calibrators work on z = log p̄ ({@link #fromProbabilities}). For a point
 * estimate this loses nothing: log softmax(f) = f - logsumexp(f) differs from the network's logits f
 * by a constant per row, which the softmax ignores.
 */
public final class Logits {
    /** The floor put under a probability before its logarithm: log(Double.MIN_VALUE) = -744.4. */
    public static final double PROBABILITY_FLOOR = Double.MIN_VALUE;

    private Logits() {}

    /** z_ik = log max(p_ik, {@link #PROBABILITY_FLOOR}): finite logits whose softmax is p. */
    public static double[][] fromProbabilities(double[][] probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        double[][] z = new double[probabilities.length][];
        for (int i = 0; i < z.length; i++) {
            double[] p = probabilities[i];
            z[i] = new double[p.length];
            for (int k = 0; k < p.length; k++) {
                z[i][k] = Math.log(Math.max(p[k], PROBABILITY_FLOOR));
            }
        }
        return z;
    }

    /** softmax(z)_k = exp(z_k - m) / Σ_j exp(z_j - m) with m = max_j z_j, row by row ({@link Softmax}). */
    public static double[][] softmax(double[][] logits) {
        double[][] p = new double[logits.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = softmax(logits[i]);
        }
        return p;
    }

    /** The softmax of one row (see {@link #softmax(double[][])}; {@link Softmax#of}). */
    public static double[] softmax(double[] z) {
        double[] p = new double[z.length];
        Softmax.of(z, p);
        return p;
    }

    /**
     * Checks an n x C table of logits: n &gt;= 1 rows of one length C &gt;= 2, every entry finite.
     *
     * @return C
     */
    static int check(double[][] logits) {
        Objects.requireNonNull(logits, "logits");
        if (logits.length == 0) {
            throw new IllegalArgumentException("logits has 0 rows, expected at least 1");
        }
        int c = -1;
        for (int i = 0; i < logits.length; i++) {
            double[] row = Objects.requireNonNull(logits[i], "logits row " + i);
            if (c < 0) {
                c = row.length;
                if (c < 2) {
                    throw new IllegalArgumentException("logits have " + c + " columns, expected at least 2 classes");
                }
            } else if (row.length != c) {
                throw new IllegalArgumentException("logits row " + i + " has " + row.length + " columns, row 0 has " + c);
            }
            for (int k = 0; k < c; k++) {
                if (!Double.isFinite(row[k])) {
                    throw new IllegalArgumentException("logits[" + i + "][" + k + "] = " + row[k]
                            + ", expected a finite value");
                }
            }
        }
        return c;
    }

    /** Checks one label per row, each a class index in [0, classes). */
    static void checkLabels(int[] labels, int rows, int classes) {
        Objects.requireNonNull(labels, "labels");
        if (labels.length != rows) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, the logits have " + rows
                    + " rows");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is not a class: classes are"
                        + " 0.." + (classes - 1));
            }
        }
    }
}
