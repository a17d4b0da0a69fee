package org.bdl4j.swag;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.nn.Seeds;

/**
 * The Gaussian SWAG fits to the SGD iterates (Maddox et al. 2019) over a flat weight vector of P
 * values, and its seeded draws: mean θ̄, diagonal σ² and, for {@link SwagCovariance#LOW_RANK}, the last
 * K deviations D = [D_1 .. D_K] (P x K). With z₁ ~ N(0, I_P), z₂ ~ N(0, I_K) and the covariance scale s,
 *
 * <pre>
 *   low rank:  θ = θ̄ + √s (σ ⊙ z₁ + D z₂ / √(K-1)),   covariance s·(diag σ² + DDᵀ/(K-1))
 *   diagonal:  θ = θ̄ + √s σ ⊙ z₁,                     covariance s·diag σ²
 * </pre>
 *
 * s multiplies the covariance, as the {@code scale} of the reference implementation
 * ({@code SWAG.sample}); the default s = 0.5 makes the low-rank form the paper's
 * Σ = ½(Σ_diag + DDᵀ/(K-1)), i.e. θ = θ̄ + (1/√2) σ ⊙ z₁ + (1/√(2(K-1))) D z₂ (Maddox et al. 2019,
 * eq. 1 and §4.2). Draw s takes its noise from a SplittableRandom seeded with
 * {@code Seeds.derive(seed, s)}, so the draws are a function of the saved state and the seed. Shared by
 * {@link SwagPosterior} (a bdl4j network) and the SWAG over a user's TorchScript network.
 */
public final class SwagGaussian {
    /** The names of its arrays and fields in a model directory. */
    private static final String MEAN = "swa_mean";
    private static final String VARIANCE = "swa_variance";
    private static final String DEVIATIONS = "deviations";
    static final String COVARIANCE = "covariance";
    static final String SCALE = "covarianceScale";
    static final String RANK = "rank";

    private final float[] mean;
    private final float[] variance;
    private final float[] std;
    private final float[][] deviations;
    private final SwagCovariance covariance;
    private final double scale;

    /**
     * @param deviations the last K deviations, one row of P values each (none for diagonal)
     * @throws IllegalArgumentException when the sizes disagree, a variance is negative or a low-rank
     *     covariance has fewer than 2 deviations
     */
    public SwagGaussian(float[] mean, float[] variance, float[][] deviations, SwagCovariance covariance, double scale) {
        this.covariance = Objects.requireNonNull(covariance, "covariance");
        int p = mean.length;
        if (variance.length != p) {
            throw new IllegalArgumentException("the SWAG mean has " + p + " values, its variance " + variance.length);
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
    }

    /** P, the weights. */
    public int size() {
        return mean.length;
    }

    public SwagCovariance covariance() {
        return covariance;
    }

    /** The covariance scale s. */
    public double scale() {
        return scale;
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

    /** Draw number {@code s} of the class comment for {@code seed}, written into {@code out} (P values). */
    public void sample(long seed, int s, float[] out) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, s));
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

    /** Adds the covariance, its scale and K to a manifest's object. */
    public void writeFields(JsonObject into) {
        into.addProperty(COVARIANCE, covariance.cliName());
        into.addProperty(SCALE, scale);
        into.addProperty(RANK, deviations.length);
    }

    /** The arrays to save: θ̄, σ² and D stacked row by row. */
    public Map<String, float[]> arrays() {
        float[] stacked = new float[deviations.length * mean.length];
        for (int j = 0; j < deviations.length; j++) {
            System.arraycopy(deviations[j], 0, stacked, j * mean.length, mean.length);
        }
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put(MEAN, mean);
        arrays.put(VARIANCE, variance);
        arrays.put(DEVIATIONS, stacked);
        return arrays;
    }

    /**
     * Reads what {@link #writeFields} and {@link #arrays} wrote: the fields from {@code fields} (an
     * object of {@code md}'s manifest, named {@code where} in errors) and the arrays from {@code md}.
     *
     * @throws ModelFileException naming the field or the arrays that do not fit
     */
    public static SwagGaussian read(ModelDirectory md, JsonObject fields, String where) {
        SwagCovariance cov = ManifestCodec.read(md, where,
                () -> SwagCovariance.parse(fields.get(COVARIANCE).getAsString()));
        double scale = ManifestCodec.read(md, where, () -> fields.get(SCALE).getAsDouble());
        int rank = ManifestCodec.read(md, where, () -> fields.get(RANK).getAsInt());
        float[] mean = md.array(MEAN);
        float[] variance = md.array(VARIANCE);
        float[] stacked = md.array(DEVIATIONS);
        if (rank < 0 || (long) rank * mean.length != stacked.length) {
            throw new ModelFileException(md.path() + ": inconsistent model: " + rank + " deviations of "
                    + mean.length + " values need " + (long) rank * mean.length + " floats, found " + stacked.length);
        }
        float[][] dev = new float[rank][];
        for (int j = 0; j < rank; j++) {
            dev[j] = Arrays.copyOfRange(stacked, j * mean.length, (j + 1) * mean.length);
        }
        try {
            return new SwagGaussian(mean, variance, dev, cov, scale);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(md.path() + ": inconsistent model: " + e.getMessage(), e);
        }
    }
}
