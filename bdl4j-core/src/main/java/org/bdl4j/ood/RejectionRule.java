package org.bdl4j.ood;

import com.google.gson.JsonObject;
import org.bdl4j.conformal.ConformalQuantile;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A threshold on an OOD score above which a row is refused: fitted on n in-distribution validation
 * rows so that a new in-distribution row is accepted with probability at least the target rate τ
 * (the true-positive rate of acceptance).
 *
 * <p>The threshold is the k-th smallest validation score with k = ⌈τ (n + 1)⌉, the split-conformal
 * quantile of {@link ConformalQuantile} at α = 1 − τ: if the new row and the n validation rows are exchangeable, its rank among the n + 1 scores
 * is uniform, so P(score ≤ threshold) ≥ k / (n + 1) ≥ τ (Vovk et al. 2005; Bates et al., "Testing for
 * outliers with conformal p-values", Annals of Statistics 2023). This needs k ≤ n, that is
 * n ≥ τ / (1 − τ) rows (19 for τ = 0.95). Equal scores are accepted.
 *
 * <p>The rule holds the threshold only: a feature-space score also needs the
 * {@link OodScorer#featureStatistics()} it was computed with.
 */
public record RejectionRule(OodScore score, double threshold, double targetRate, int validationRows) {
    public RejectionRule {
        Objects.requireNonNull(score, "score");
        if (!(targetRate > 0 && targetRate < 1)) {
            throw new IllegalArgumentException("the acceptance rate must be in (0, 1), found " + targetRate);
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("the threshold is NaN");
        }
    }

    /**
     * Fits the threshold to the scores of in-distribution validation rows.
     *
     * @throws IllegalArgumentException for a NaN score or too few rows for the rate (naming the minimum)
     */
    public static RejectionRule fit(OodScore score, double[] validationScores, double targetRate) {
        if (!(targetRate > 0 && targetRate < 1)) {
            throw new IllegalArgumentException("the acceptance rate must be in (0, 1), found " + targetRate);
        }
        int n = validationScores.length;
        // α = 1 − τ as the exact decimal, so that k = ⌈(n + 1)(1 − α)⌉ = ⌈(n + 1)τ⌉ without round-off
        double alpha = BigDecimal.ONE.subtract(BigDecimal.valueOf(targetRate)).doubleValue();
        if (ConformalQuantile.rank(n, alpha) > n) {
            int needed = n + 1;
            while (ConformalQuantile.rank(needed, alpha) > needed) {
                needed++;
            }
            throw new IllegalArgumentException("a rejection rule at acceptance rate " + targetRate + " needs at least "
                    + needed + " in-distribution rows, found " + n);
        }
        return new RejectionRule(score, ConformalQuantile.of(validationScores, alpha), targetRate, n);
    }

    /** Whether each row is refused: its score is above the threshold. */
    public boolean[] rejects(double[] scores) {
        boolean[] out = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            out[i] = !(scores[i] <= threshold); // NaN is refused
        }
        return out;
    }

    /** {@code {"score": ..., "threshold": ..., "targetRate": ..., "validationRows": ...}}. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("score", score.cliName());
        o.addProperty("threshold", threshold);
        o.addProperty("targetRate", targetRate);
        o.addProperty("validationRows", validationRows);
        return o;
    }

    /**
     * Reads {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming the missing or bad field
     */
    public static RejectionRule fromJson(JsonObject o) {
        for (String f : new String[] {"score", "threshold", "targetRate", "validationRows"}) {
            if (!o.has(f) || !o.get(f).isJsonPrimitive()) {
                throw new IllegalArgumentException("rejection rule: missing field '" + f + "'");
            }
        }
        try {
            return new RejectionRule(OodScore.parse(o.get("score").getAsString()), o.get("threshold").getAsDouble(),
                    o.get("targetRate").getAsDouble(), o.get("validationRows").getAsInt());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rejection rule: a number field holds " + e.getMessage(), e);
        }
    }
}
