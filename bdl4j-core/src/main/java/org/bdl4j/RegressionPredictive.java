package org.bdl4j;

import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.bdl4j.math.NormalDistribution;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.Rule;

/**
 * A Gaussian predictive for real targets: mean μ(x) and variance split into the noise in the data
 * (aleatoric, σ²_a) and the uncertainty about the weights (epistemic, σ²_e), with
 * total variance = aleatoric + epistemic (law of total variance; docs/design.md convention).
 *
 * <p>Values are in the target's original units (any standardisation is undone). For a mixture
 * (ensembles, samples) the mean and variances are the mixture's moments and {@link #interval} is the
 * moment-matched Gaussian interval.
 *
 * <p>A recalibrated predictive (quantile recalibration, Kuleshov et al. 2018) keeps the Gaussian's
 * moments but carries a <em>level map</em> m, a non-decreasing map of [0, 1] onto itself: its
 * q-quantile is the Gaussian's m(q)-quantile, μ + σ Φ⁻¹(m(q)) ({@link #quantile}, {@link #interval}).
 * {@link #mean()} and the variances stay those of the Gaussian.
 *
 * <p>Methods with weight samples θ_1..θ_S (ensembles, MC dropout, VI, SWAG, SGLD/HMC, Laplace with
 * network samples) can keep the per-sample means μ_s(x_i), S posterior samples of the latent function
 * ({@link #sampleMeans()}): their average is the mean and their population variance the epistemic
 * variance (up to float32 round-off), and unlike the moments they carry the posterior covariance
 * between rows, which batch acquisitions such as the expected reduction in variance need. A point
 * estimate (MAP) and Laplace's closed-form GLM predictive keep none.
 */
public final class RegressionPredictive implements Predictive {
    /**
     * Methods with posterior samples keep their per-sample means ({@link #sampleMeans()}) when S·n is at
     * most this many values (64 MiB of float32), the bound of
     * {@link ClassificationPredictive#KEEP_SAMPLES_MAX_VALUES}; larger predictives keep only their moments.
     */
    public static final long KEEP_SAMPLES_MAX_VALUES = ClassificationPredictive.KEEP_SAMPLES_MAX_VALUES;

    /** Whether a predictive of S samples and n rows keeps its sample means: S·n ≤ {@link #KEEP_SAMPLES_MAX_VALUES}. */
    public static boolean keepsSamples(int samples, int rows) {
        return (long) samples * rows <= KEEP_SAMPLES_MAX_VALUES;
    }

    /** The level of a central interval: in (0, 1), 0.9 unless told otherwise. */
    public static final OptionDescriptor<Double> LEVEL = OptionDescriptor.number("level", 0.9)
            .withRule(Rule.interval(0, false, 1, false)).withLabel("L").withHelp("Regression interval level.");

    private final double[] mean;
    private final double[] aleatoricVariance;
    private final double[] epistemicVariance;
    private final DoubleUnaryOperator levelMap; // null: the plain Gaussian
    private final float[][] sampleMeans; // S x n, original units; may be null

    /** The arrays are kept, not copied; lengths must match and variances be finite and ≥ 0. */
    public RegressionPredictive(double[] mean, double[] aleatoricVariance, double[] epistemicVariance) {
        this(mean, aleatoricVariance, epistemicVariance, null);
    }

    /**
     * {@link #RegressionPredictive(double[], double[], double[])} that also keeps the per-sample means
     * (S x n in the target's original units, may be null) from which the method computed the mean and
     * the epistemic variance; they are kept, not copied.
     *
     * @throws IllegalArgumentException also for no samples or a sample of other than n rows
     */
    public RegressionPredictive(double[] mean, double[] aleatoricVariance, double[] epistemicVariance,
            float[][] sampleMeans) {
        if (aleatoricVariance.length != mean.length || epistemicVariance.length != mean.length) {
            throw new IllegalArgumentException("mean, aleatoric and epistemic variance need equal lengths, found "
                    + mean.length + ", " + aleatoricVariance.length + ", " + epistemicVariance.length);
        }
        for (int i = 0; i < mean.length; i++) {
            if (!(aleatoricVariance[i] >= 0) || !(epistemicVariance[i] >= 0)) {
                throw new IllegalArgumentException("variances must be >= 0, found aleatoric " + aleatoricVariance[i]
                        + " and epistemic " + epistemicVariance[i] + " at row " + i);
            }
        }
        this.mean = mean;
        this.aleatoricVariance = aleatoricVariance;
        this.epistemicVariance = epistemicVariance;
        this.levelMap = null;
        if (sampleMeans != null) {
            if (sampleMeans.length == 0) {
                throw new IllegalArgumentException("kept sample means need at least one sample");
            }
            for (float[] sample : sampleMeans) {
                if (sample.length != mean.length) {
                    throw new IllegalArgumentException("every sample of means needs " + mean.length + " rows, found "
                            + sample.length);
                }
            }
        }
        this.sampleMeans = sampleMeans;
    }

    private RegressionPredictive(RegressionPredictive base, DoubleUnaryOperator levelMap) {
        this.mean = base.mean;
        this.aleatoricVariance = base.aleatoricVariance;
        this.epistemicVariance = base.epistemicVariance;
        this.levelMap = levelMap;
        this.sampleMeans = base.sampleMeans;
    }

    /**
     * The Monte Carlo predictive of S weight samples with means μ_s(x_i) and aleatoric variance σ²_a:
     * mean (1/S) Σ_s μ_s and epistemic variance (1/S) Σ_s (μ_s − mean)² (the population variance of the
     * means), in double precision.
     *
     * @param sampleMeans S x n, in the target's original units
     * @param keepSamples whether {@link #sampleMeans()} keeps them (memory: S·n floats)
     */
    public static RegressionPredictive ofSamples(float[][] sampleMeans, double[] aleatoricVariance,
            boolean keepSamples) {
        if (sampleMeans.length == 0) {
            throw new IllegalArgumentException("at least one sample is needed");
        }
        int s = sampleMeans.length;
        int n = aleatoricVariance.length;
        double[] mean = new double[n];
        double[] epistemic = new double[n];
        for (float[] sample : sampleMeans) {
            if (sample.length != n) {
                throw new IllegalArgumentException("every sample of means needs " + n + " rows, found "
                        + sample.length);
            }
            for (int i = 0; i < n; i++) {
                mean[i] += sample[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= s;
        }
        for (float[] sample : sampleMeans) {
            for (int i = 0; i < n; i++) {
                double d = sample[i] - mean[i];
                epistemic[i] += d * d;
            }
        }
        for (int i = 0; i < n; i++) {
            epistemic[i] /= s;
        }
        return new RegressionPredictive(mean, aleatoricVariance, epistemic, keepSamples ? sampleMeans : null);
    }

    /**
     * This predictive with its quantiles recalibrated: the q-quantile of the result is this
     * Gaussian's {@code levelMap(q)}-quantile. The map must be non-decreasing from [0, 1] onto [0, 1].
     * The moments and the kept sample means (the posterior over the latent function, which a level map
     * does not change) are shared with this predictive.
     *
     * @throws IllegalStateException if this predictive already has a level map
     */
    public RegressionPredictive withLevelMap(DoubleUnaryOperator levelMap) {
        Objects.requireNonNull(levelMap, "levelMap");
        if (this.levelMap != null) {
            throw new IllegalStateException("this predictive is already recalibrated; recalibrate its Gaussian base");
        }
        return new RegressionPredictive(this, levelMap);
    }

    /** Whether the predictive is the plain Gaussian N(μ, σ²) (no level map). */
    public boolean isGaussian() {
        return levelMap == null;
    }

    @Override
    public int size() {
        return mean.length;
    }

    /** The predictive mean (not a copy). */
    public double[] mean() {
        return mean;
    }

    /** σ²_a per row (not a copy). */
    public double[] aleatoricVariance() {
        return aleatoricVariance;
    }

    /** σ²_e per row (not a copy). */
    public double[] epistemicVariance() {
        return epistemicVariance;
    }

    /**
     * The per-sample means μ_s(x_i), S x n in the target's original units (the units of {@link #mean()}),
     * where the method has samples and kept them (not a copy): S samples of the latent function over the
     * rows, whose average is {@link #mean()} and whose population variance is
     * {@link #epistemicVariance()}, both up to float32 round-off.
     */
    public Optional<float[][]> sampleMeans() {
        return Optional.ofNullable(sampleMeans);
    }

    /** σ²_a + σ²_e per row. */
    public double[] totalVariance() {
        double[] v = new double[mean.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = aleatoricVariance[i] + epistemicVariance[i];
        }
        return v;
    }

    /** sqrt(σ²_a + σ²_e) per row. */
    public double[] std() {
        double[] v = totalVariance();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sqrt(v[i]);
        }
        return v;
    }

    /**
     * The central interval μ ± z·σ with z = Φ⁻¹((1 + level)/2) holding {@code level} of the Gaussian
     * predictive mass.
     *
     * @param level in (0, 1), e.g. 0.9
     */
    public Interval interval(double level) {
        LEVEL.check(level);
        if (levelMap != null) {
            return new Interval(quantile(0.5 - level / 2), quantile(0.5 + level / 2), level);
        }
        double z = NormalDistribution.quantile(0.5 + level / 2);
        double[] sd = std();
        double[] lo = new double[mean.length];
        double[] hi = new double[mean.length];
        for (int i = 0; i < lo.length; i++) {
            lo[i] = mean[i] - z * sd[i];
            hi[i] = mean[i] + z * sd[i];
        }
        return new Interval(lo, hi, level);
    }

    /**
     * The q-quantile of the predictive per row: μ + σ Φ⁻¹(q) for the Gaussian, μ + σ Φ⁻¹(m(q)) with a
     * level map m. Conformalized quantile regression (CQR) takes its bands from here.
     *
     * @param q in (0, 1)
     */
    public double[] quantile(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("q must be in (0, 1), found " + q);
        }
        double level = levelMap == null ? q : levelMap.applyAsDouble(q);
        double z = NormalDistribution.quantile(level);
        double[] sd = std();
        double[] out = new double[mean.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = sd[i] == 0 ? mean[i] : mean[i] + z * sd[i];
        }
        return out;
    }

    /** Lower and upper bounds of prediction intervals at a level. */
    public record Interval(double[] lower, double[] upper, double level) {}
}
