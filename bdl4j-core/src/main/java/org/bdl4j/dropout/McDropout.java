package org.bdl4j.dropout;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.Likelihood;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.PredictiveMoments;
import org.bdl4j.nn.Seeds;
import org.bdl4j.nn.SingleNetwork;
import org.bdl4j.train.HeaderPosterior;
import org.bdl4j.train.MapPosterior;

/**
 * Monte Carlo dropout (Gal &amp; Ghahramani 2016): a network trained with dropout rate p is an
 * approximate variational posterior q(θ) over its weights, each dropout mask z selecting the weight
 * sample θ = (diag(z_1) W_1, diag(z_2) W_2, ...). The predictive is estimated from T stochastic
 * forward passes with dropout kept on and every other layer in evaluation mode:
 *
 * <pre>
 *   p(y | x) ≈ (1/T) Σ_t p(y | x, θ_t),     z_l^t ~ Bernoulli(1 - p) / (1 - p).
 * </pre>
 *
 * Classification gives the mean probabilities and the entropy / expected entropy / mutual
 * information split; regression the moments of the mixture of the T Gaussians, aleatoric = the mean
 * of their variances (the fitted homoscedastic σ², or the heteroscedastic head's), epistemic = the
 * variance of their means (see {@link PredictiveMoments}).
 *
 * <p>{@link McDropoutOptions#rate()} may replace the training rate; on a network trained without
 * dropout that inserts dropout at prediction time only, a different and weaker method (the weights
 * were not fitted under the noise, so the spread reflects the rate chosen more than the data).
 * Passes are seeded: the same posterior and inputs give identical predictions. Foong et al. (2019)
 * show that MC dropout under-represents the uncertainty between separated clusters of data.
 */
public final class McDropout extends HeaderPosterior implements SingleNetwork {
    /** The method name in manifests and on the command line. */
    public static final String METHOD = "mc-dropout";
    /** The seed stream of the dropout masks at prediction: {@code Seeds.derive(seed, SAMPLING_STREAM)}. */
    static final long SAMPLING_STREAM = 0x6d63L;

    private final Network network; // dropout always on, at the sampling rate
    private final double sigmaNoise;
    private final float trainingRate;
    private final McDropoutOptions options;
    private final JsonObject training;
    private final StochasticPasses passes;

    /** @param header its network: the structure at the sampling rate */
    private McDropout(Network network, ModelHeader header, double sigmaNoise, float trainingRate,
            McDropoutOptions options, JsonObject training) {
        super(header);
        if (network.dropoutMode() != DropoutMode.ALWAYS_ON || !(network.spec().dropout() > 0f)) {
            throw new IllegalArgumentException("MC dropout needs a network with always-on dropout, found mode "
                    + network.dropoutMode() + " and rate " + network.spec().dropout());
        }
        checkFits(network.spec(), sigmaNoise);
        this.network = network;
        this.sigmaNoise = sigmaNoise;
        this.trainingRate = trainingRate;
        this.options = options;
        this.training = training.deepCopy();
        this.passes = new StochasticPasses(network, options.maxRowsPerForward());
    }

    /**
     * MC dropout on a trained MAP network (its weights are copied; the MAP posterior stays usable).
     * The network's dropout layers become always-on; with {@link McDropoutOptions#rate()} set they
     * use that rate, and a network trained without dropout gets dropout after every hidden layer.
     */
    public static McDropout of(MapPosterior map, McDropoutOptions options) {
        Objects.requireNonNull(options, "options");
        NetworkSpec trained = map.network().spec();
        NetworkSpec sampling = trained.withDropout(samplingRate(trained, options));
        Network net = Network.withParameters(sampling, DropoutMode.ALWAYS_ON, map.network().parameters(),
                map.network().device());
        try {
            JsonObject info = new JsonObject();
            info.addProperty("priorPrecision", map.priorPrecision());
            ModelHeader header = map.header().derive(METHOD, options.settings()).withNetwork(sampling);
            return new McDropout(net, header, map.sigmaNoise(), trained.dropout(), options, info);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    private static float samplingRate(NetworkSpec spec, McDropoutOptions options) {
        if (spec.hidden().length == 0) {
            throw new IllegalArgumentException("MC dropout needs hidden layers (dropout follows each hidden"
                    + " activation), found a linear model");
        }
        float rate = options.rate() != null ? options.rate() : spec.dropout();
        if (!(rate > 0f)) {
            throw new IllegalArgumentException("MC dropout needs a dropout rate > 0: the network has dropout "
                    + spec.dropout() + " and no rate was given");
        }
        return rate;
    }

    public McDropoutOptions options() {
        return options;
    }

    /** The drop probability used at prediction. */
    public float rate() {
        return network.spec().dropout();
    }

    /** The drop probability the weights were trained with (0: none, the weaker post-hoc variant). */
    public float trainingRate() {
        return trainingRate;
    }

    /** The network with always-on dropout (owned by this posterior). */
    @Override
    public Network network() {
        return network;
    }

    /** The predictive from T passes computed as {@link McDropoutOptions#sampling()} says. */
    @Override
    public Predictive predict(Dataset inputs) {
        return predict(inputs, options.sampling());
    }

    /** The predictive from T passes computed in the given mode (same seed, same distribution). */
    public Predictive predict(Dataset inputs, SamplingMode mode) {
        Dataset x = schema().toNetworkUnits(inputs.hasTargets() ? inputs.withoutTargets() : inputs);
        int n = x.rows();
        int outputs = network.spec().outputs();
        Likelihood likelihood = likelihood();
        boolean keep = options.keepSamples() || PredictiveMoments.keepsSamples(likelihood, options.samples(), n, outputs);
        PredictiveMoments moments = new PredictiveMoments(likelihood, n, outputs, sigmaNoise,
                keep ? options.samples() : 0);
        Seeds.withEngineSeed(Seeds.derive(seed(), SAMPLING_STREAM), () -> Inputs.withoutGradients(() -> {
            passes.run(x.features(), x.featureShape(), n, options.samples(), mode, moments);
            return null;
        }));
        return moments.finish(schema());
    }

    @Override
    public void save(Path directory) throws IOException {
        JsonObject m = header().manifest();
        JsonObject hyper = training.deepCopy();
        hyper.addProperty("samples", options.samples());
        hyper.addProperty("sampling", options.sampling().cliName());
        hyper.addProperty("maxRowsPerForward", options.maxRowsPerForward());
        hyper.addProperty("trainingDropout", trainingRate);
        if (likelihood() == Likelihood.GAUSSIAN) {
            hyper.addProperty("sigmaNoise", sigmaNoise);
        }
        m.add("hyperparameters", hyper);
        ModelDirectory.write(directory, m, Map.of(MapPosterior.THETA, network.parameters()));
    }

    /** Reads a directory written by {@link #save}. */
    public static McDropout load(ModelDirectory md) {
        ModelHeader header = ModelHeader.read(md);
        JsonObject hyper = md.objectField("hyperparameters");
        McDropoutOptions options = ManifestCodec.read(md, "hyperparameters", () -> McDropoutOptions.builder()
                .optSamples(hyper.get("samples").getAsInt())
                .optSampling(SamplingMode.parse(hyper.get("sampling").getAsString()))
                .optMaxRowsPerForward(hyper.get("maxRowsPerForward").getAsInt()).build());
        float trainingRate = ManifestCodec.read(md, "hyperparameters", () -> hyper.get("trainingDropout").getAsFloat());
        double sigma = ManifestCodec.read(md, "hyperparameters", () -> hyper.has("sigmaNoise")
                ? hyper.get("sigmaNoise").getAsDouble() : Double.NaN);
        float[] theta = md.array(MapPosterior.THETA);
        Network net = ManifestCodec.read(md, MapPosterior.THETA, () -> Network.withParameters(header.network(),
                DropoutMode.ALWAYS_ON, theta, Device.cpu()));
        try {
            JsonObject training = new JsonObject();
            training.add("priorPrecision", hyper.get("priorPrecision"));
            return new McDropout(net, header, sigma, trainingRate, options, training);
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
