package org.bdl4j.metrics;

import java.util.Optional;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;

/**
 * Whether a predictive is a valid distribution, strictly: every class probability finite and in
 * [0, 1] and every row summing to 1 within {@value #ROW_SUM_TOLERANCE}; every regression mean finite
 * and every aleatoric and epistemic variance finite and ≥ 0. Stricter than the metrics' own argument
 * checks (which accept float32 round-off in a row's sum): a method's predictive is computed in double
 * precision and should meet it.
 */
public final class PredictiveValidity {
    /** How far a row of probabilities may sum from 1. */
    public static final double ROW_SUM_TOLERANCE = 1e-9;

    private PredictiveValidity() {}

    /**
     * The violations of {@code p}, in one line (how many rows, and the first of them), or empty when
     * it is valid.
     */
    public static Optional<String> violation(Predictive p) {
        return p instanceof ClassificationPredictive c ? violation(c) : violation((RegressionPredictive) p);
    }

    private static Optional<String> violation(ClassificationPredictive p) {
        double[][] probs = p.probabilities();
        Tally tally = new Tally();
        for (int i = 0; i < probs.length; i++) {
            double sum = 0;
            String bad = null;
            for (int k = 0; k < probs[i].length && bad == null; k++) {
                double v = probs[i][k];
                if (!(v >= 0 && v <= 1)) {
                    bad = "p[" + i + "][" + k + "] = " + v + " is not in [0, 1]";
                }
                sum += v;
            }
            if (bad == null && !(Math.abs(sum - 1) <= ROW_SUM_TOLERANCE)) {
                bad = "row " + i + " sums to " + sum + " (|sum - 1| > " + ROW_SUM_TOLERANCE + ")";
            }
            tally.add(bad);
        }
        return tally.result(probs.length);
    }

    private static Optional<String> violation(RegressionPredictive p) {
        double[] mean = p.mean();
        double[] aleatoric = p.aleatoricVariance();
        double[] epistemic = p.epistemicVariance();
        Tally tally = new Tally();
        for (int i = 0; i < mean.length; i++) {
            String bad = null;
            if (!Double.isFinite(mean[i])) {
                bad = "mean[" + i + "] = " + mean[i] + " is not finite";
            } else if (!isVariance(aleatoric[i])) {
                bad = "aleatoric variance[" + i + "] = " + aleatoric[i] + " is not finite and >= 0";
            } else if (!isVariance(epistemic[i])) {
                bad = "epistemic variance[" + i + "] = " + epistemic[i] + " is not finite and >= 0";
            }
            tally.add(bad);
        }
        return tally.result(mean.length);
    }

    private static boolean isVariance(double v) {
        return v >= 0 && Double.isFinite(v);
    }

    /** Counts the rows in violation and keeps the first description. */
    private static final class Tally {
        private int rows;
        private String first;

        void add(String violation) {
            if (violation != null) {
                rows++;
                if (first == null) {
                    first = violation;
                }
            }
        }

        Optional<String> result(int total) {
            return rows == 0 ? Optional.empty() : Optional.of(rows + " of " + total + " rows invalid, first: " + first);
        }
    }
}
