package org.bdl4j;

import org.bdl4j.metrics.NormalDistribution;

/**
 * A Gaussian predictive for real targets: mean μ(x) and variance split into the noise in the data
 * (aleatoric, σ²_a) and the uncertainty about the weights (epistemic, σ²_e), with
 * total variance = aleatoric + epistemic (law of total variance; DESIGN.md convention).
 *
 * <p>Values are in the target's original units (any standardisation is undone). For a mixture
 * (ensembles, samples) the mean and variances are the mixture's moments and {@link #interval} is the
 * moment-matched Gaussian interval.
 */
public final class RegressionPredictive implements Predictive {
    private final double[] mean;
    private final double[] aleatoricVariance;
    private final double[] epistemicVariance;

    /** The arrays are kept, not copied; lengths must match and variances be finite and ≥ 0. */
    public RegressionPredictive(double[] mean, double[] aleatoricVariance, double[] epistemicVariance) {
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
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), found " + level);
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

    /** Lower and upper bounds of prediction intervals at a level. */
    public record Interval(double[] lower, double[] upper, double level) {}
}
