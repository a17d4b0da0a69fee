package org.bdl4j.swag;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.Seeds;
import org.bdl4j.train.SampledWeightsPosterior;

/**
 * A SWAG posterior (Maddox et al. 2019): a Gaussian over θ with mean θ̄, diagonal σ² and, for
 * {@link SwagCovariance#LOW_RANK}, the last K deviations D = [D_1 .. D_K] (P x K). With
 * z₁ ~ N(0, I_P), z₂ ~ N(0, I_K) and the covariance scale s ({@code covarianceScale}), weight samples are
 *
 * <pre>
 *   low rank:  θ = θ̄ + √s (σ ⊙ z₁ + D z₂ / √(K-1)),   covariance s·(diag σ² + DDᵀ/(K-1))
 *   diagonal:  θ = θ̄ + √s σ ⊙ z₁,                     covariance s·diag σ²
 * </pre>
 *
 * s multiplies the covariance, as the {@code scale} of the reference implementation
 * ({@code SWAG.sample}); the default s = 0.5 makes the low-rank form the paper's
 * Σ = ½(Σ_diag + DDᵀ/(K-1)), i.e. θ = θ̄ + (1/√2) σ ⊙ z₁ + (1/√(2(K-1))) D z₂ (Maddox et al. 2019,
 * eq. 1 and §4.2). Sample s draws its noise from a SplittableRandom seeded with
 * {@code Seeds.derive(seed, s)}: the predictive ({@link SampledPredictive}, S samples) is a
 * deterministic function of the saved state.
 */
public final class SwagPosterior extends SampledWeightsPosterior {
    public static final String METHOD = "swag";
    private static final String COVARIANCE = "covariance";
    private static final String SCALE = "covarianceScale";
    private static final String RANK = "rank";

    private final float[] mean;
    private final float[] variance;
    private final float[] std;
    private final float[][] deviations;
    private final SwagCovariance covariance;
    private final double scale;
    private final float[] theta;

    SwagPosterior(Network network, ModelHeader header, double sigmaNoise, float[] mean, float[] variance,
            float[][] deviations, SwagCovariance covariance, double scale, int samples, JsonObject info) {
        super(network, header, sigmaNoise, samples, info);
        this.covariance = Objects.requireNonNull(covariance, "covariance");
        int p = network.parameterCount();
        if (mean.length != p || variance.length != p) {
            throw new IllegalArgumentException("the network has " + p + " parameters, the SWAG mean " + mean.length
                    + " and variance " + variance.length);
        }
        if (covariance == SwagCovariance.LOW_RANK && deviations.length < 2) {
            throw new IllegalArgumentException("low-rank SWAG needs at least 2 deviations, found " + deviations.length);
        }
        for (float[] d : deviations) {
            if (d.length != p) {
                throw new IllegalArgumentException("deviations need " + p + " values, found " + d.length);
            }
        }
        this.mean = mean;
        this.variance = variance;
        this.std = new float[p];
        for (int i = 0; i < p; i++) {
            if (!(variance[i] >= 0)) {
                throw new IllegalArgumentException("SWAG variances must be >= 0, found " + variance[i] + " at " + i);
            }
            std[i] = (float) Math.sqrt(variance[i]);
        }
        this.deviations = deviations;
        this.scale = scale;
        this.theta = new float[p];
    }

    public SwagCovariance covariance() {
        return covariance;
    }

    /** θ̄ (a copy). */
    public float[] mean() {
        return mean.clone();
    }

    /** σ², the diagonal part: each weight's variance over the snapshots (a copy). */
    public float[] variance() {
        return variance.clone();
    }

    /** D, the last K snapshots' deviations from the running mean, one row per snapshot (a copy). */
    public float[][] deviations() {
        float[][] out = new float[deviations.length][];
        for (int k = 0; k < out.length; k++) {
            out[k] = deviations[k].clone();
        }
        return out;
    }

    /** The number of deviations K of the low-rank part (0 for diagonal). */
    public int rank() {
        return deviations.length;
    }

    /** Weight sample number {@code s} (deterministic in the seed and s), written into {@code out}. */
    public void sample(int s, float[] out) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed(), s));
        int p = mean.length;
        int k = deviations.length;
        float diag = (float) Math.sqrt(scale);
        for (int i = 0; i < p; i++) {
            out[i] = mean[i] + diag * std[i] * (float) rng.nextGaussian();
        }
        if (covariance == SwagCovariance.LOW_RANK) {
            double c = Math.sqrt(scale / (k - 1));
            for (float[] d : deviations) {
                float z = (float) (c * rng.nextGaussian());
                for (int i = 0; i < p; i++) {
                    out[i] += z * d[i];
                }
            }
        }
    }

    @Override
    protected float[] theta(int s) {
        sample(s, theta);
        return theta;
    }

    @Override
    protected void writeHyperparameters(JsonObject hyperparameters) {
        hyperparameters.addProperty(COVARIANCE, covariance.cliName());
        hyperparameters.addProperty(SCALE, scale);
        hyperparameters.addProperty(RANK, deviations.length);
    }

    @Override
    protected Map<String, float[]> arrays() {
        float[] stacked = new float[deviations.length * mean.length];
        for (int j = 0; j < deviations.length; j++) {
            System.arraycopy(deviations[j], 0, stacked, j * mean.length, mean.length);
        }
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("swa_mean", mean);
        arrays.put("swa_variance", variance);
        arrays.put("deviations", stacked);
        return arrays;
    }

    /** Reads a directory written by {@code save}. */
    public static SwagPosterior load(ModelDirectory md) {
        Saved saved = Saved.read(md);
        SwagCovariance cov = saved.field(h -> SwagCovariance.parse(h.get(COVARIANCE).getAsString()));
        double scale = saved.field(h -> h.get(SCALE).getAsDouble());
        int rank = saved.field(h -> h.get(RANK).getAsInt());
        float[] mean = md.array("swa_mean");
        float[] variance = md.array("swa_variance");
        float[] stacked = md.array("deviations");
        if (rank < 0 || (long) rank * mean.length != stacked.length) {
            throw new ModelFileException(md.path() + ": inconsistent model: " + rank + " deviations of "
                    + mean.length + " values need " + (long) rank * mean.length + " floats, found " + stacked.length);
        }
        float[][] dev = new float[rank][];
        for (int j = 0; j < rank; j++) {
            dev[j] = Arrays.copyOfRange(stacked, j * mean.length, (j + 1) * mean.length);
        }
        Network net = saved.network("swa_mean", mean);
        return saved.build(net, () -> new SwagPosterior(net, saved.header(), saved.sigmaNoise(), mean, variance, dev,
                cov, scale, saved.samples(), saved.info(COVARIANCE, SCALE, RANK)));
    }
}
