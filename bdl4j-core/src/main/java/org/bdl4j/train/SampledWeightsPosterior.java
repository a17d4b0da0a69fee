package org.bdl4j.train;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;

/**
 * A posterior that predicts with S whole-network weight samples θ_1..θ_S, drawn (SWAG, VI) or
 * kept (SGLD, HMC): p(y | x, D) ≈ (1/S) Σ_s p(y | x, θ_s), computed by {@link SampledPredictive} on
 * one working network. The Gaussian likelihood's noise σ is fixed (the MAP's), not sampled.
 *
 * <p>A subclass says how sample s is made ({@link #theta}) and what it stores beyond the common
 * part ({@link #writeHyperparameters}, {@link #arrays}); saving and the common part of loading
 * ({@link Saved}) are here, once.
 */
public abstract class SampledWeightsPosterior extends HeaderPosterior {
    private static final String SIGMA = "sigmaNoise";
    private static final String SAMPLES = "samples";

    private final Network network;
    private final double sigmaNoise;
    private final int samples;
    private final JsonObject info;

    /**
     * @param network the working network (owned: closed with this posterior), of the header's structure
     * @param sigmaNoise the Gaussian noise σ in network units for {@link Likelihood#GAUSSIAN}, else NaN
     * @param samples S ≥ 1
     * @param info how the samples were made (saved as hyperparameters), may be null
     */
    protected SampledWeightsPosterior(Network network, ModelHeader header, double sigmaNoise, int samples,
            JsonObject info) {
        super(header);
        this.network = Objects.requireNonNull(network, "network");
        checkFits(network.spec(), sigmaNoise);
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, found " + samples);
        }
        this.sigmaNoise = sigmaNoise;
        this.samples = samples;
        this.info = info == null ? new JsonObject() : info.deepCopy();
    }

    /** θ_s for s in [0, S): a fresh or reused array, read before the next call. */
    protected abstract float[] theta(int s);

    /** Adds this posterior's own hyperparameters to the manifest's. */
    protected abstract void writeHyperparameters(JsonObject hyperparameters);

    /** The arrays this posterior saves. */
    protected abstract Map<String, float[]> arrays();

    /** The seed of every draw at prediction. */
    /** The number of samples S used at prediction. */
    public int samples() {
        return samples;
    }

    /** The Gaussian noise σ in network units (NaN unless Gaussian). */
    public double sigmaNoise() {
        return sigmaNoise;
    }

    /** How the samples were made: settings and diagnostics (a copy). */
    public JsonObject diagnostics() {
        return info.deepCopy();
    }

    /** Adds {@code value} to the diagnostics (and the saved hyperparameters) as {@code key}. */
    protected final void addDiagnostic(String key, com.google.gson.JsonElement value) {
        info.add(key, value.deepCopy());
    }

    /** Predictions are serialised per posterior: the working network holds one sample at a time. */
    @Override
    public synchronized Predictive predict(Dataset inputs) {
        return SampledPredictive.predict(network, likelihood(), schema(), sigmaNoise, inputs, samples, this::theta);
    }

    @Override
    public final void save(Path directory) throws IOException {
        JsonObject m = header().manifest();
        JsonObject hyper = info.deepCopy();
        if (likelihood() == Likelihood.GAUSSIAN) {
            hyper.addProperty(SIGMA, sigmaNoise);
        }
        hyper.addProperty(SAMPLES, samples);
        writeHyperparameters(hyper);
        m.add("hyperparameters", hyper);
        ModelDirectory.write(directory, m, arrays());
    }

    @Override
    public void close() {
        network.close();
    }

    /**
     * The common part of a saved sampled-weights model: header, σ, S and the hyperparameters.
     *
     * @param hyperparameters the manifest's hyperparameters (read-only)
     */
    protected record Saved(ModelDirectory directory, ModelHeader header, double sigmaNoise, int samples,
            JsonObject hyperparameters) {

        public static Saved read(ModelDirectory md) {
            ModelHeader header = ModelHeader.read(md);
            JsonObject hyper = md.objectField("hyperparameters");
            double sigma = ManifestCodec.read(md, "hyperparameters", () -> hyper.has(SIGMA)
                    ? hyper.get(SIGMA).getAsDouble() : Double.NaN);
            int samples = ManifestCodec.read(md, "hyperparameters", () -> hyper.get(SAMPLES).getAsInt());
            return new Saved(md, header, sigma, samples, hyper);
        }

        /** A field of the hyperparameters, read by {@code reader}; a failure names the field. */
        public <T> T field(java.util.function.Function<JsonObject, T> reader) {
            return ManifestCodec.read(directory, "hyperparameters", () -> reader.apply(hyperparameters));
        }

        /** The hyperparameters without the common fields and {@code own}: the information to keep. */
        public JsonObject info(String... own) {
            JsonObject i = hyperparameters.deepCopy();
            i.remove(SIGMA);
            i.remove(SAMPLES);
            for (String key : own) {
                i.remove(key);
            }
            return i;
        }

        /** A working network of the header's structure holding {@code theta}, read from {@code array}. */
        public Network network(String array, float[] theta) {
            return ManifestCodec.read(directory, array, () -> Network.withParameters(header.network(),
                    DropoutMode.STANDARD, theta, Device.cpu()));
        }

        /** Builds the posterior from the network, closing the network and naming the directory on failure. */
        public <P extends Posterior> P build(Network net, java.util.function.Supplier<P> make) {
            try {
                return make.get();
            } catch (RuntimeException e) {
                net.close();
                throw new ModelFileException(directory.path() + ": inconsistent model: " + e.getMessage(), e);
            }
        }
    }
}
