package org.bdl4j.train;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.io.Versions;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkOutputs;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.OutputHeads;

/**
 * The maximum a posteriori network as a posterior: the point mass q(θ) = δ(θ - θ_MAP). Its
 * predictive is p(y | x, θ_MAP); all of its uncertainty is aleatoric (epistemic = 0).
 *
 * <p>It is also the starting point of the post-hoc methods (Laplace, MC dropout on a trained
 * network, SWAG), which take its {@link #network()}, {@link #likelihood()}, {@link #schema()} and
 * {@link #sigmaNoise()}.
 */
public final class MapPosterior implements Posterior {
    /** The method name in manifests and on the command line. */
    public static final String METHOD = "map";

    private final Network network;
    private final Likelihood likelihood;
    private final ModelSchema schema;
    private final double sigmaNoise;
    private final JsonObject training;
    private final long seed;

    /**
     * Wraps a trained network.
     *
     * @param sigmaNoise the Gaussian noise σ in network units (for {@link Likelihood#GAUSSIAN}); NaN otherwise
     * @param training a description of how it was trained (saved in the manifest), may be empty
     */
    public MapPosterior(Network network, Likelihood likelihood, ModelSchema schema, double sigmaNoise,
            JsonObject training, long seed) {
        this.network = Objects.requireNonNull(network, "network");
        this.likelihood = Objects.requireNonNull(likelihood, "likelihood");
        this.schema = Objects.requireNonNull(schema, "schema");
        if (likelihood.task() != schema.task()) {
            throw new IllegalArgumentException("likelihood " + likelihood.cliName() + " does not fit a "
                    + schema.task().cliName() + " schema");
        }
        if (likelihood == Likelihood.GAUSSIAN && !(sigmaNoise > 0)) {
            throw new IllegalArgumentException("a Gaussian likelihood needs a noise sigma > 0, found " + sigmaNoise);
        }
        int expected = likelihood.outputs(schema.numClasses());
        if (network.spec().outputs() != expected) {
            throw new IllegalArgumentException("the network has " + network.spec().outputs()
                    + " outputs, the likelihood needs " + expected);
        }
        this.sigmaNoise = sigmaNoise;
        this.training = training == null ? new JsonObject() : training.deepCopy();
        this.seed = seed;
    }

    /**
     * A copy with its own network (the same weights): for a method that keeps the MAP beyond the
     * life of the one it was given. The caller owns it.
     */
    public MapPosterior copy() {
        Network net = network.copy(DropoutMode.STANDARD);
        try {
            return new MapPosterior(net, likelihood, schema, sigmaNoise, training, seed);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public ModelSchema schema() {
        return schema;
    }

    public Network network() {
        return network;
    }

    public Likelihood likelihood() {
        return likelihood;
    }

    /** The homoscedastic noise σ in network (standardised) units, NaN unless Gaussian. */
    public double sigmaNoise() {
        return sigmaNoise;
    }

    /** The prior precision λ the network was trained under, NaN if unknown. */
    public double priorPrecision() {
        return training.has("priorPrecision") ? training.get("priorPrecision").getAsDouble() : Double.NaN;
    }

    public long seed() {
        return seed;
    }

    @Override
    public Predictive predict(Dataset inputs) {
        Dataset x = schema.toNetworkUnits(inputs.hasTargets() ? inputs.withoutTargets() : inputs);
        int n = x.rows();
        float[] out = NetworkOutputs.compute(network, x.features(), x.featureShape(), n, false);
        return predictiveFromOutputs(out, n);
    }

    /** The predictive of one set of raw outputs (n x outputs), in the user's units. */
    Predictive predictiveFromOutputs(float[] out, int n) {
        if (likelihood == Likelihood.CATEGORICAL) {
            return ClassificationPredictive.ofPoint(OutputHeads.softmaxDouble(out, n, schema.numClasses()),
                    schema.classNames());
        }
        int outputs = network.spec().outputs();
        double[] mean = OutputHeads.regressionMean(out, n, outputs);
        double[] alea = likelihood == Likelihood.HETEROSCEDASTIC_GAUSSIAN
                ? OutputHeads.heteroscedasticVariance(out, n) : constant(n, sigmaNoise * sigmaNoise);
        for (int i = 0; i < n; i++) {
            mean[i] = schema.meanToOriginal(mean[i]);
            alea[i] = schema.varianceToOriginal(alea[i]);
        }
        return new RegressionPredictive(mean, alea, new double[n]);
    }

    @Override
    public void save(Path directory) throws IOException {
        ModelDirectory.write(directory, manifest(), Map.of("theta", network.parameters()));
    }

    /**
     * The manifest fields of this MAP model (method, task, likelihood, network, schema,
     * hyperparameters, seed, versions), which {@link #load} reads back together with the array
     * {@code theta}. Post-hoc methods (Laplace) extend it with their own fields and arrays.
     */
    public JsonObject manifest() {
        JsonObject m = new JsonObject();
        m.addProperty("method", METHOD);
        m.addProperty("task", schema.task().cliName());
        m.addProperty("likelihood", likelihood.cliName());
        m.add("network", ManifestCodec.network(network.spec()));
        m.add("schema", ManifestCodec.schema(schema));
        JsonObject hyper = training.deepCopy();
        if (likelihood == Likelihood.GAUSSIAN) {
            hyper.addProperty("sigmaNoise", sigmaNoise);
        }
        m.add("hyperparameters", hyper);
        m.addProperty("seed", seed);
        m.add("versions", Versions.json());
        return m;
    }

    /** Reads a directory written by {@link #save}. */
    public static MapPosterior load(ModelDirectory md) {
        NetworkSpec spec = ManifestCodec.network(md, md.objectField("network"));
        ModelSchema schema = ManifestCodec.schema(md, md.objectField("schema"));
        JsonObject hyper = md.objectField("hyperparameters");
        Likelihood likelihood = ManifestCodec.read(md, "likelihood", () -> Likelihood.parse(md.stringField("likelihood")));
        double sigma = ManifestCodec.read(md, "hyperparameters", () -> hyper.has("sigmaNoise")
                ? hyper.get("sigmaNoise").getAsDouble() : Double.NaN);
        long seed = ManifestCodec.read(md, "seed", () -> md.manifest().get("seed").getAsLong());
        float[] theta = md.array("theta");
        Network net = ManifestCodec.read(md, "theta", () -> Network.withParameters(spec, DropoutMode.STANDARD, theta,
                Device.cpu()));
        try {
            JsonObject training = hyper.deepCopy();
            training.remove("sigmaNoise");
            return new MapPosterior(net, likelihood, schema, sigma, training, seed);
        } catch (RuntimeException e) {
            net.close();
            throw new ModelFileException(md.path() + ": inconsistent model: " + e.getMessage(), e);
        }
    }

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Override
    public void close() {
        network.close();
    }
}
