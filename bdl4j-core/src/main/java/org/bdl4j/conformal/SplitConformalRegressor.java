package org.bdl4j.conformal;

import java.util.Arrays;
import java.util.Objects;
import org.bdl4j.Posterior;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Task;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;

/**
 * Split conformal regression (Papadopoulos et al. 2002; Lei et al., JASA 2018) with any
 * {@link RegressionScore}: the threshold t is the finite-sample quantile
 * ({@link ConformalQuantile#of}) of the calibration scores, and the interval of a new input is
 * {y : s(x, y) &lt;= t}. With exchangeable data P(y ∈ C(x)) &gt;= 1 - α, and &lt;= 1 - α + 1/(n+1)
 * for distinct scores. With fewer than 1/α - 1 calibration points t = +∞ and every interval is the
 * whole real line (-∞, +∞).
 *
 * <p>On plain predictions, build the predictive from arrays: {@code new RegressionPredictive(mean,
 * variance, new double[n])} (variance zero for the absolute residual score).
 */
public final class SplitConformalRegressor implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final RegressionScore score;
    private final double alpha;
    private final double threshold;
    private final int calibrationSize;

    private SplitConformalRegressor(RegressionScore score, double alpha, double threshold, int calibrationSize) {
        this.score = score;
        this.alpha = alpha;
        this.threshold = threshold;
        this.calibrationSize = calibrationSize;
    }

    /**
     * Calibrates on any posterior: its predictive at the rows of {@code calibration} and their
     * regression targets (in the user's units, as the posterior predicts).
     */
    public static SplitConformalRegressor calibrate(RegressionScore score, double alpha, Posterior posterior,
            Dataset calibration) {
        ConformalQuantile.checkAlpha(alpha);
        if (calibration.task() != Task.REGRESSION) {
            throw new IllegalArgumentException("conformal regression needs calibration rows with real targets, found "
                    + (calibration.task() == null ? "no target" : calibration.task().cliName() + " labels"));
        }
        return calibrate(score, alpha, posterior.predictRegression(calibration),
                Floats.toDoubles(calibration.targets()));
    }

    /**
     * Calibrates on a predictive at the calibration inputs and their true targets (in the predictive's
     * units).
     *
     * @throws IllegalArgumentException for α outside (0, 1), unequal lengths, a non-finite target,
     *     or (normalized score) a standard deviation &lt;= 0
     */
    public static SplitConformalRegressor calibrate(RegressionScore score, double alpha,
            RegressionPredictive calibration, double[] targets) {
        Objects.requireNonNull(score, "score");
        ConformalQuantile.checkAlpha(alpha);
        double[] s = score.scores(calibration, targets, alpha);
        return new SplitConformalRegressor(score, alpha, ConformalQuantile.of(s, alpha), s.length);
    }

    /** The conformal intervals at a predictive (level 1 - α); (-∞, +∞) when the threshold is +∞. */
    public RegressionPredictive.Interval predict(RegressionPredictive predictive) {
        if (threshold == Double.POSITIVE_INFINITY) {
            double[] lo = new double[predictive.size()];
            double[] hi = new double[predictive.size()];
            Arrays.fill(lo, Double.NEGATIVE_INFINITY);
            Arrays.fill(hi, Double.POSITIVE_INFINITY);
            return new RegressionPredictive.Interval(lo, hi, 1 - alpha);
        }
        return score.intervals(predictive, threshold, alpha);
    }

    public RegressionScore score() {
        return score;
    }

    public double alpha() {
        return alpha;
    }

    /** The calibrated threshold t (+∞ with too few calibration points). */
    public double threshold() {
        return threshold;
    }

    public int calibrationSize() {
        return calibrationSize;
    }
}
