package org.bdl4j.vi;

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
 * A mean-field Gaussian posterior q(θ) = N(μ, diag σ²) over the flat parameter vector (the
 * {@link org.bdl4j.nn.FlatParameters} order), as fitted by {@link Vi} under its {@link Prior} (saved
 * with the model; it does not enter the predictive). The predictive is
 * {@link SampledPredictive} over S whole-network draws θ_s = μ + σ ⊙ z_s, z_s from a SplittableRandom
 * seeded with {@code Seeds.derive(seed, s)} (whatever estimator was used for training).
 */
public final class ViPosterior implements Posterior {
    private final Network network;
    private final Likelihood likelihood;
    private final ModelSchema schema;
    private final double sigmaNoise;
    private final float[] mean;
    private final float[] std;
    private final Prior prior;
    private final int samples;
    private final long seed;
    private final JsonObject info;

    ViPosterior(Network network, Likelihood likelihood, ModelSchema schema, double sigmaNoise, float[] mean,
            float[] std, Prior prior, int samples, long seed, JsonObject info) {
        this.network = Objects.requireNonNull(network, "network");
        this.likelihood = Objects.requireNonNull(likelihood, "likelihood");
        this.schema = Objects.requireNonNull(schema, "schema");
        int p = network.parameterCount();
        if (mean.length != p || std.length != p) {
            throw new IllegalArgumentException("the network has " + p + " parameters, the VI mean " + mean.length
                    + " and std " + std.length);
        }
        for (float s : std) {
            if (!(s >= 0)) {
                throw new IllegalArgumentException("VI standard deviations must be >= 0, found " + s);
            }
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, found " + samples);
        }
        this.sigmaNoise = sigmaNoise;
        this.mean = mean;
        this.std = std;
        this.prior = Objects.requireNonNull(prior, "prior");
        this.samples = samples;
        this.seed = seed;
        this.info = info == null ? new JsonObject() : info.deepCopy();
    }

    @Override
    public String method() {
        return Vi.METHOD;
    }

    @Override
    public ModelSchema schema() {
        return schema;
    }

    /** μ (a copy). */
    public float[] mean() {
        return mean.clone();
    }

    /** σ (a copy). */
    public float[] std() {
        return std.clone();
    }

    /** The prior q was fitted under. */
    public Prior prior() {
        return prior;
    }

    @Override
    public synchronized Predictive predict(Dataset inputs) {
        float[] theta = new float[mean.length];
        return SampledPredictive.predict(network, likelihood, schema, sigmaNoise, inputs, samples, s -> {
            SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, s));
            for (int i = 0; i < theta.length; i++) {
                theta[i] = mean[i] + std[i] * (float) rng.nextGaussian();
            }
            return theta;
        });
    }

    @Override
    public void save(Path directory) throws IOException {
        JsonObject m = new JsonObject();
        m.addProperty("method", Vi.METHOD);
        m.addProperty("task", schema.task().cliName());
        m.addProperty("likelihood", likelihood.cliName());
        m.add("network", ManifestCodec.network(network.spec()));
        m.add("schema", ManifestCodec.schema(schema));
        JsonObject hyper = info.deepCopy();
        if (likelihood == Likelihood.GAUSSIAN) {
            hyper.addProperty("sigmaNoise", sigmaNoise);
        }
        hyper.addProperty("samples", samples);
        hyper.add("prior", prior.toJson());
        m.add("hyperparameters", hyper);
        m.addProperty("seed", seed);
        m.add("versions", Versions.json());
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("posterior_mean", mean);
        arrays.put("posterior_std", std);
        ModelDirectory.write(directory, m, arrays);
    }

    /** Reads a directory written by {@link #save}. */
    public static ViPosterior load(ModelDirectory md) {
        NetworkSpec spec = ManifestCodec.network(md, md.objectField("network"));
        ModelSchema schema = ManifestCodec.schema(md, md.objectField("schema"));
        JsonObject hyper = md.objectField("hyperparameters");
        Likelihood likelihood = ManifestCodec.read(md, "likelihood",
                () -> Likelihood.parse(md.stringField("likelihood")));
        double sigma = ManifestCodec.read(md, "hyperparameters", () -> hyper.has("sigmaNoise")
                ? hyper.get("sigmaNoise").getAsDouble() : Double.NaN);
        int samples = ManifestCodec.read(md, "hyperparameters", () -> hyper.get("samples").getAsInt());
        long seed = ManifestCodec.read(md, "seed", () -> md.manifest().get("seed").getAsLong());
        Prior prior = ManifestCodec.read(md, "hyperparameters", () -> hyper.has("prior")
                ? Prior.fromJson(hyper.getAsJsonObject("prior"))
                : new GaussianPrior(hyper.get("priorPrecision").getAsDouble()));
        float[] mean = md.array("posterior_mean");
        float[] std = md.array("posterior_std");
        Network net = ManifestCodec.read(md, "posterior_mean",
                () -> Network.withParameters(spec, DropoutMode.STANDARD, mean, Device.cpu()));
        try {
            JsonObject training = hyper.deepCopy();
            training.remove("sigmaNoise");
            training.remove("samples");
            training.remove("prior");
            return new ViPosterior(net, likelihood, schema, sigma, mean, std, prior, samples, seed, training);
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
