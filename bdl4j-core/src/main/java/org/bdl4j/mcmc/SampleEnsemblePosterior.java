package org.bdl4j.mcmc;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import org.bdl4j.train.SampledPredictive;

/**
 * A posterior represented by S weight samples θ_1..θ_S from a Markov chain (SGLD, cyclical SGLD,
 * HMC): q(θ) = (1/S) Σ_s δ(θ - θ_s). The predictive is {@link SampledPredictive} over the samples;
 * they are saved stacked as one S x P array ({@code samples}). The Gaussian likelihood's noise σ is
 * the MAP's and is not sampled.
 */
public final class SampleEnsemblePosterior implements Posterior {
    private final String method;
    private final Network network;
    private final Likelihood likelihood;
    private final ModelSchema schema;
    private final double sigmaNoise;
    private final float[][] samples;
    private final JsonObject info;
    private final long seed;

    SampleEnsemblePosterior(String method, Network network, Likelihood likelihood, ModelSchema schema,
            double sigmaNoise, List<float[]> samples, JsonObject info, long seed) {
        this.method = Objects.requireNonNull(method, "method");
        this.network = Objects.requireNonNull(network, "network");
        this.likelihood = Objects.requireNonNull(likelihood, "likelihood");
        this.schema = Objects.requireNonNull(schema, "schema");
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("at least one weight sample is needed, found 0");
        }
        int p = network.parameterCount();
        for (float[] s : samples) {
            if (s.length != p) {
                throw new IllegalArgumentException("the network has " + p + " parameters, a sample has " + s.length);
            }
        }
        this.sigmaNoise = sigmaNoise;
        this.samples = samples.toArray(new float[0][]);
        this.info = info == null ? new JsonObject() : info.deepCopy();
        this.seed = seed;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public ModelSchema schema() {
        return schema;
    }

    /** The number of samples S. */
    public int size() {
        return samples.length;
    }

    /** Sample s (a copy). */
    public float[] sample(int s) {
        return samples[s].clone();
    }

    /** How the chain ran: step sizes, acceptance, R-hat and ESS where measured (a copy). */
    public JsonObject diagnostics() {
        return info.deepCopy();
    }

    @Override
    public synchronized Predictive predict(Dataset inputs) {
        return SampledPredictive.predict(network, likelihood, schema, sigmaNoise, inputs, samples.length,
                s -> samples[s]);
    }

    @Override
    public void save(Path directory) throws IOException {
        JsonObject m = new JsonObject();
        m.addProperty("method", method);
        m.addProperty("task", schema.task().cliName());
        m.addProperty("likelihood", likelihood.cliName());
        m.add("network", ManifestCodec.network(network.spec()));
        m.add("schema", ManifestCodec.schema(schema));
        JsonObject hyper = info.deepCopy();
        if (likelihood == Likelihood.GAUSSIAN) {
            hyper.addProperty("sigmaNoise", sigmaNoise);
        }
        hyper.addProperty("samples", samples.length);
        m.add("hyperparameters", hyper);
        m.addProperty("seed", seed);
        m.add("versions", Versions.json());
        int p = samples[0].length;
        float[] stacked = new float[samples.length * p];
        for (int s = 0; s < samples.length; s++) {
            System.arraycopy(samples[s], 0, stacked, s * p, p);
        }
        ModelDirectory.write(directory, m, Map.of("samples", stacked));
    }

    /** Reads a directory written by {@link #save} (either method). */
    static SampleEnsemblePosterior load(ModelDirectory md) {
        String method = md.method();
        NetworkSpec spec = ManifestCodec.network(md, md.objectField("network"));
        ModelSchema schema = ManifestCodec.schema(md, md.objectField("schema"));
        JsonObject hyper = md.objectField("hyperparameters");
        Likelihood likelihood = ManifestCodec.read(md, "likelihood",
                () -> Likelihood.parse(md.stringField("likelihood")));
        double sigma = ManifestCodec.read(md, "hyperparameters", () -> hyper.has("sigmaNoise")
                ? hyper.get("sigmaNoise").getAsDouble() : Double.NaN);
        int count = ManifestCodec.read(md, "hyperparameters", () -> hyper.get("samples").getAsInt());
        long seed = ManifestCodec.read(md, "seed", () -> md.manifest().get("seed").getAsLong());
        float[] stacked = md.array("samples");
        if (count <= 0 || stacked.length % count != 0) {
            throw new ModelFileException(md.path() + ": inconsistent model: " + stacked.length
                    + " floats do not split into " + count + " samples");
        }
        int p = stacked.length / count;
        float[][] s = new float[count][];
        for (int i = 0; i < count; i++) {
            s[i] = Arrays.copyOfRange(stacked, i * p, (i + 1) * p);
        }
        Network net = ManifestCodec.read(md, "samples",
                () -> Network.withParameters(spec, DropoutMode.STANDARD, s[0], Device.cpu()));
        try {
            JsonObject training = hyper.deepCopy();
            training.remove("sigmaNoise");
            training.remove("samples");
            return new SampleEnsemblePosterior(method, net, likelihood, schema, sigma, List.of(s), training, seed);
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
