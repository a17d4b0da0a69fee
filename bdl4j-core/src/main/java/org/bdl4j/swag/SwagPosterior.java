package org.bdl4j.swag;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.io.Versions;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.Seeds;
import org.bdl4j.train.SampledPredictive;

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
public final class SwagPosterior implements Posterior {
    public static final String METHOD = "swag";

    private final Network network;
    private final Likelihood likelihood;
    private final ModelSchema schema;
    private final double sigmaNoise;
    private final float[] mean;
    private final float[] std;
    private final float[][] deviations;
    private final SwagCovariance covariance;
    private final double scale;
    private final int samples;
    private final long seed;
    private final JsonObject info;

    SwagPosterior(Network network, Likelihood likelihood, ModelSchema schema, double sigmaNoise, float[] mean,
            float[] variance, float[][] deviations, SwagCovariance covariance, double scale, int samples, long seed,
            JsonObject info) {
        this.network = Objects.requireNonNull(network, "network");
        this.likelihood = Objects.requireNonNull(likelihood, "likelihood");
        this.schema = Objects.requireNonNull(schema, "schema");
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
        this.sigmaNoise = sigmaNoise;
        this.mean = mean;
        this.std = new float[p];
        for (int i = 0; i < p; i++) {
            if (!(variance[i] >= 0)) {
                throw new IllegalArgumentException("SWAG variances must be >= 0, found " + variance[i] + " at " + i);
            }
            std[i] = (float) Math.sqrt(variance[i]);
        }
        this.deviations = deviations;
        this.scale = scale;
        this.samples = samples;
        this.seed = seed;
        this.info = info == null ? new JsonObject() : info.deepCopy();
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public ModelSchema schema() {
        return schema;
    }

    public SwagCovariance covariance() {
        return covariance;
    }

    /** θ̄ (a copy). */
    public float[] mean() {
        return mean.clone();
    }

    /** The number of predictive samples S. */
    public int samples() {
        return samples;
    }

    /** The number of deviations K of the low-rank part (0 for diagonal). */
    public int rank() {
        return deviations.length;
    }

    /** Weight sample number {@code s} (deterministic in the seed and s), written into {@code out}. */
    public void sample(int s, float[] out) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, s));
        int p = mean.length;
        int k = deviations.length;
        boolean lowRank = covariance == SwagCovariance.LOW_RANK;
        float diag = (float) Math.sqrt(scale);
        for (int i = 0; i < p; i++) {
            out[i] = mean[i] + diag * std[i] * (float) rng.nextGaussian();
        }
        if (lowRank) {
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
    public synchronized Predictive predict(Dataset inputs) {
        float[] theta = new float[mean.length];
        return SampledPredictive.predict(network, likelihood, schema, sigmaNoise, inputs, samples, s -> {
            sample(s, theta);
            return theta;
        });
    }

    @Override
    public void save(Path directory) throws IOException {
        JsonObject m = new JsonObject();
        m.addProperty("method", METHOD);
        m.addProperty("task", schema.task().cliName());
        m.addProperty("likelihood", likelihood.cliName());
        m.add("network", ManifestCodec.network(network.spec()));
        m.add("schema", ManifestCodec.schema(schema));
        JsonObject hyper = info.deepCopy();
        if (likelihood == Likelihood.GAUSSIAN) {
            hyper.addProperty("sigmaNoise", sigmaNoise);
        }
        hyper.addProperty("covariance", covariance.cliName());
        hyper.addProperty("covarianceScale", scale);
        hyper.addProperty("samples", samples);
        hyper.addProperty("rank", deviations.length);
        m.add("hyperparameters", hyper);
        m.addProperty("seed", seed);
        m.add("versions", Versions.json());
        float[] variance = new float[std.length];
        for (int i = 0; i < variance.length; i++) {
            variance[i] = std[i] * std[i];
        }
        float[] stacked = new float[deviations.length * mean.length];
        for (int j = 0; j < deviations.length; j++) {
            System.arraycopy(deviations[j], 0, stacked, j * mean.length, mean.length);
        }
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("swa_mean", mean);
        arrays.put("swa_variance", variance);
        arrays.put("deviations", stacked);
        ModelDirectory.write(directory, m, arrays);
    }

    /** Reads a directory written by {@link #save}. */
    public static SwagPosterior load(ModelDirectory md) {
        NetworkSpec spec = ManifestCodec.network(md, md.objectField("network"));
        ModelSchema schema = ManifestCodec.schema(md, md.objectField("schema"));
        JsonObject hyper = md.objectField("hyperparameters");
        Likelihood likelihood = ManifestCodec.read(md, "likelihood",
                () -> Likelihood.parse(md.stringField("likelihood")));
        double sigma = ManifestCodec.read(md, "hyperparameters", () -> hyper.has("sigmaNoise")
                ? hyper.get("sigmaNoise").getAsDouble() : Double.NaN);
        SwagCovariance cov = ManifestCodec.read(md, "hyperparameters",
                () -> SwagCovariance.parse(hyper.get("covariance").getAsString()));
        double scale = ManifestCodec.read(md, "hyperparameters",
                () -> hyper.get("covarianceScale").getAsDouble());
        int samples = ManifestCodec.read(md, "hyperparameters", () -> hyper.get("samples").getAsInt());
        int rank = ManifestCodec.read(md, "hyperparameters", () -> hyper.get("rank").getAsInt());
        long seed = ManifestCodec.read(md, "seed", () -> md.manifest().get("seed").getAsLong());
        float[] mean = md.array("swa_mean");
        float[] variance = md.array("swa_variance");
        float[] stacked = md.array("deviations");
        if (rank < 0 || (long) rank * mean.length != stacked.length) {
            throw new ModelFileException(md.path() + ": inconsistent model: " + rank + " deviations of "
                    + mean.length + " values need " + (long) rank * mean.length + " floats, found " + stacked.length);
        }
        float[][] dev = new float[rank][];
        for (int j = 0; j < rank; j++) {
            dev[j] = java.util.Arrays.copyOfRange(stacked, j * mean.length, (j + 1) * mean.length);
        }
        Network net = ManifestCodec.read(md, "swa_mean",
                () -> Network.withParameters(spec, DropoutMode.STANDARD, mean, Device.cpu()));
        try {
            JsonObject training = hyper.deepCopy();
            for (String key : new String[] {"sigmaNoise", "covariance", "covarianceScale", "samples", "rank"}) {
                training.remove(key);
            }
            return new SwagPosterior(net, likelihood, schema, sigma, mean, variance, dev, cov, scale, samples, seed,
                    training);
        } catch (RuntimeException e) {
            net.close();
            throw new ModelFileException(md.path() + ": inconsistent model: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        network.close();
    }
}
