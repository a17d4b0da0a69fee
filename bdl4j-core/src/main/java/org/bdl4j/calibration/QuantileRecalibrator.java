package org.bdl4j.calibration;

import com.google.gson.JsonObject;
import java.util.Arrays;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.math.NormalDistribution;

/**
 * Quantile recalibration (Kuleshov, Fenner and Ermon, "Accurate uncertainties for deep learning
 * using calibrated regression", ICML 2018, Algorithm 1). With F_i the predictive CDF of row i and
 * p_i = F_i(y_i) its probability integral transform (PIT) on the calibration set, the recalibration
 * map R is the isotonic regression ({@link IsotonicRegression}, pool-adjacent-violators) of the
 * empirical frequencies P̂(p_i) = |{j : p_j &lt;= p_i}| / n on p_i; the calibrated CDF is R ∘ F_i.
 * (P̂ is already non-decreasing in p, so here the isotonic fit only merges tied PIT values: R is the
 * empirical CDF of the PIT values, interpolated linearly between them, from (0, 0) to (1, 1).)
 *
 * <p>The calibrated q-quantile is F_i⁻¹(R⁻¹(q)) = μ_i + σ_i Φ⁻¹(R⁻¹(q)), with
 * R⁻¹(q) = inf {p : R(p) &gt;= q} ({@link #baseLevel}); the recalibrated predictive is the base with
 * that level map ({@link RegressionPredictive#withLevelMap}), so its {@code interval(level)} and
 * {@code quantile(q)} are the calibrated ones. Its mean and variances stay those of the base.
 *
 * <p>Beyond the smallest and largest calibration PIT, R is interpolated linearly to (0, 0) and (1, 1).
 * In double precision Φ(z) rounds to 1 for z above about 8.3 (to 0 only below about -38), so
 * calibration residuals that far out in the upper tail tie at PIT 1 and R cannot tell the levels among
 * them apart.
 */
public final class QuantileRecalibrator implements RegressionCalibrator {
    /** The method name in manifests and on the command line. */
    public static final String NAME = "quantile";

    private final double[] pit; // strictly increasing in [0, 1]
    private final double[] level; // non-decreasing in [0, 1], R(pit)

    /**
     * The map R through the given points, linear in between.
     *
     * @param pit strictly increasing values in [0, 1]
     * @param level the calibrated levels R(pit), non-decreasing in [0, 1], the last equal to 1
     */
    public QuantileRecalibrator(double[] pit, double[] level) {
        this.pit = pit.clone();
        this.level = level.clone();
        if (pit.length < 2 || level.length != pit.length) {
            throw new IllegalArgumentException("quantile recalibration needs at least 2 points of equal lengths, found "
                    + pit.length + " and " + level.length);
        }
        for (int j = 0; j < pit.length; j++) {
            if (!(pit[j] >= 0 && pit[j] <= 1) || (j > 0 && !(pit[j] > pit[j - 1]))) {
                throw new IllegalArgumentException("pit values must increase strictly within [0, 1], found " + pit[j]
                        + " at index " + j);
            }
            if (!(level[j] >= 0 && level[j] <= 1) || (j > 0 && level[j] < level[j - 1])) {
                throw new IllegalArgumentException("levels must be non-decreasing within [0, 1], found " + level[j]
                        + " at index " + j);
            }
        }
        if (level[level.length - 1] != 1) {
            throw new IllegalArgumentException("the last level must be 1, found " + level[level.length - 1]);
        }
    }

    /** Fits R on a Gaussian predictive and the true targets. */
    public static QuantileRecalibrator fit(RegressionPredictive predictive, double[] targets) {
        requireGaussian(predictive);
        return fit(predictive.mean(), predictive.std(), targets);
    }

    /** Fits R on Gaussian predictive means, standard deviations and the true targets. */
    public static QuantileRecalibrator fit(double[] mean, double[] std, double[] targets) {
        RegressionChecks.gaussian(mean, std, targets);
        int n = mean.length;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = NormalDistribution.cdf((targets[i] - mean[i]) / std[i]);
        }
        double[] sorted = p.clone();
        Arrays.sort(sorted);
        double[] freq = new double[n];
        for (int i = 0; i < n; i++) {
            freq[i] = (double) upperBound(sorted, p[i]) / n; // |{j : p_j <= p_i}| / n
        }
        IsotonicRegression r = IsotonicRegression.fit(p, freq, null);
        double[] x = r.x();
        double[] y = r.fitted();
        int m = x.length;
        boolean head = x[0] > 0;
        boolean tail = x[m - 1] < 1;
        double[] kx = new double[m + (head ? 1 : 0) + (tail ? 1 : 0)];
        double[] ky = new double[kx.length];
        int o = head ? 1 : 0; // (0, 0) first, (1, 1) last
        System.arraycopy(x, 0, kx, o, m);
        System.arraycopy(y, 0, ky, o, m);
        if (tail) {
            kx[kx.length - 1] = 1;
            ky[ky.length - 1] = 1;
        }
        return new QuantileRecalibrator(kx, ky);
    }

    /** The number of sorted values &lt;= v. */
    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** R(p): the calibrated probability of a base CDF value p. */
    public double calibratedLevel(double p) {
        return Interpolation.linear(pit, level, p);
    }

    /** R⁻¹(q) = inf {p : R(p) &gt;= q}: the base level whose quantile is the calibrated q-quantile. */
    public double baseLevel(double q) {
        int j = 0;
        while (level[j] < q) { // level[last] = 1 >= q stops it
            j++;
        }
        if (j == 0) {
            return pit[0];
        }
        double t = (q - level[j - 1]) / (level[j] - level[j - 1]);
        return pit[j - 1] + t * (pit[j] - pit[j - 1]);
    }

    @Override
    public RegressionPredictive apply(RegressionPredictive base) {
        requireGaussian(base);
        return base.withLevelMap(this::baseLevel);
    }

    private static void requireGaussian(RegressionPredictive p) {
        if (!p.isGaussian()) {
            throw new IllegalArgumentException("quantile recalibration needs a Gaussian predictive, found a"
                    + " recalibrated one");
        }
    }

    /** The points (p, R(p)) of the map (copies). */
    public double[] pit() {
        return pit.clone();
    }

    public double[] levels() {
        return level.clone();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", NAME);
        o.add("pit", ManifestCodec.doubles(pit));
        o.add("level", ManifestCodec.doubles(level));
        return o;
    }

    static QuantileRecalibrator fromJson(JsonObject o) {
        return new QuantileRecalibrator(ManifestCodec.toDoubles(o.getAsJsonArray("pit")),
                ManifestCodec.toDoubles(o.getAsJsonArray("level")));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantileRecalibrator q && Arrays.equals(pit, q.pit) && Arrays.equals(level, q.level);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(pit) + Arrays.hashCode(level);
    }
}
