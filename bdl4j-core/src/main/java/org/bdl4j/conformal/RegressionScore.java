package org.bdl4j.conformal;

import java.util.Locale;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.options.InvalidOptionException;

/**
 * A non-conformity score for regression, s(x, y) from a predictive and the true target, and the
 * interval {y : s(x, y) &lt;= t} it gives at a threshold t. Separate from the predictor
 * ({@link SplitConformalRegressor}) that calibrates t.
 */
public interface RegressionScore extends java.io.Serializable {

    /** A short name: {@code absolute}, {@code normalized}, {@code cqr}. */
    String name();

    /**
     * s(x_i, y_i) for every row.
     *
     * @param alpha the miscoverage level (used by scores built on predictive quantiles)
     */
    double[] scores(RegressionPredictive predictive, double[] targets, double alpha);

    /** The intervals {y : s(x_i, y) &lt;= t} for a finite threshold t. */
    RegressionPredictive.Interval intervals(RegressionPredictive predictive, double threshold, double alpha);

    /** |y - μ(x)|: intervals μ ± t of one width for every input (Lei et al., JASA 2018). */
    static RegressionScore absolute() {
        return ResidualScore.ABSOLUTE;
    }

    /**
     * |y - μ(x)| / σ(x) with σ the posterior's predictive standard deviation: intervals μ ± t σ whose
     * width follows the Bayesian uncertainty (Papadopoulos et al. 2008; Lei et al. 2018, §5.2).
     */
    static RegressionScore normalized() {
        return ResidualScore.NORMALIZED;
    }

    /**
     * CQR, conformalized quantile regression (Romano, Patterson and Candès, NeurIPS 2019) on the
     * posterior's predictive quantiles q_lo = Q(α/2), q_hi = Q(1 - α/2):
     * s = max(q_lo - y, y - q_hi), intervals [q_lo - t, q_hi + t].
     */
    static RegressionScore cqr() {
        return CqrScore.INSTANCE;
    }

    /** A score by name for the command line: {@code absolute}, {@code normalized}, {@code cqr}. */
    public static RegressionScore parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "absolute" -> absolute();
            case "normalized", "normalised" -> normalized();
            case "cqr" -> cqr();
            default -> throw InvalidOptionException.mustBe(ConformalOptions.SCORE, "absolute, normalized or cqr", name);
        };
    }
}
