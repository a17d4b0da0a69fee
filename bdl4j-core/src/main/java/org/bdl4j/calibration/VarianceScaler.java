package org.bdl4j.calibration;

import com.google.gson.JsonObject;
import org.bdl4j.RegressionPredictive;

/**
 * Variance scaling, the σ scaling of Laves, Ihler, Fast, Kahrs and Ortmaier, "Well-calibrated
 * regression uncertainty in medical imaging with deep learning", MIDL 2020 (the regression analogue
 * of temperature scaling): one factor s &gt; 0 on the predictive standard deviation, σ' = s σ, i.e. both the aleatoric and the
 * epistemic variance times s².
 *
 * <p><b>Fit</b> in closed form: the Gaussian NLL (1/n) Σ_i [log(s σ_i) + r_i² / (2 s² σ_i²)] + const,
 * with r_i = y_i - μ_i, has derivative (1/s)(1 - (1/n) Σ_i r_i² / (s² σ_i²)), zero only at
 * s² = (1/n) Σ_i r_i² / σ_i², where the NLL is minimal.
 *
 * <p>The kept per-sample means ({@link RegressionPredictive#sampleMeans()}) are spread by the same factor
 * about their average, μ'_s = μ̄ + s (μ_s − μ̄), so they stay samples whose average is the mean and whose
 * variance is the scaled epistemic variance.
 *
 * @param scale s, finite and &gt; 0
 */
public record VarianceScaler(double scale) implements RegressionCalibrator {
    /** The method name in manifests and on the command line. */
    public static final String NAME = "variance";

    public VarianceScaler {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("variance scale must be finite and > 0, found " + scale);
        }
    }

    /** Fits s to a Gaussian predictive and the true targets (see the class comment). */
    public static VarianceScaler fit(RegressionPredictive predictive, double[] targets) {
        requireGaussian(predictive);
        return fit(predictive.mean(), predictive.std(), targets);
    }

    /**
     * Fits s to predictive means and standard deviations and the true targets.
     *
     * @throws IllegalArgumentException for unequal lengths, no rows, a non-finite value, a standard
     *     deviation &lt;= 0, or all residuals zero
     */
    public static VarianceScaler fit(double[] mean, double[] std, double[] targets) {
        RegressionChecks.gaussian(mean, std, targets);
        double sum = 0;
        for (int i = 0; i < mean.length; i++) {
            double z = (targets[i] - mean[i]) / std[i];
            sum += z * z;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("variance scaling needs a nonzero residual, found all " + mean.length
                    + " targets equal to their means");
        }
        return new VarianceScaler(Math.sqrt(sum / mean.length));
    }

    @Override
    public RegressionPredictive apply(RegressionPredictive base) {
        requireGaussian(base);
        double s2 = scale * scale;
        double[] a = base.aleatoricVariance().clone();
        double[] e = base.epistemicVariance().clone();
        for (int i = 0; i < a.length; i++) {
            a[i] *= s2;
            e[i] *= s2;
        }
        return new RegressionPredictive(base.mean(), a, e, base.sampleMeans().map(this::spread).orElse(null));
    }

    /** μ̄_i + s (μ_s,i − μ̄_i) with μ̄ the samples' own average per row (a new array). */
    private float[][] spread(float[][] samples) {
        int n = samples[0].length;
        double[] average = new double[n];
        for (float[] sample : samples) {
            for (int i = 0; i < n; i++) {
                average[i] += sample[i];
            }
        }
        float[][] out = new float[samples.length][n];
        for (int t = 0; t < samples.length; t++) {
            for (int i = 0; i < n; i++) {
                double m = average[i] / samples.length;
                out[t][i] = (float) (m + scale * (samples[t][i] - m));
            }
        }
        return out;
    }

    static void requireGaussian(RegressionPredictive p) {
        if (!p.isGaussian()) {
            throw new IllegalArgumentException("variance scaling needs a Gaussian predictive, found a recalibrated one");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("name", NAME);
        o.addProperty("scale", scale);
        return o;
    }

    static VarianceScaler fromJson(JsonObject o) {
        return new VarianceScaler(o.get("scale").getAsDouble());
    }
}
