package org.bdl4j.train;

import ai.djl.Device;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.PointNetworks;
import org.bdl4j.nn.NetworkOutputs;
import org.bdl4j.nn.OutputHeads;
import org.bdl4j.nn.SingleNetwork;

/**
 * The maximum a posteriori network as a posterior: the point mass q(θ) = δ(θ - θ_MAP). Its
 * predictive is p(y | x, θ_MAP); all of its uncertainty is aleatoric (epistemic = 0).
 *
 * <p>It is also the starting point of the post-hoc methods (Laplace, MC dropout on a trained
 * network, SWAG), which take its {@link #network()}, {@link #likelihood()}, {@link #schema()} and
 * {@link #sigmaNoise()}.
 */
public final class MapPosterior extends HeaderPosterior implements PointNetworks, SingleNetwork {
    /** The method name in manifests and on the command line. */
    public static final String METHOD = "map";
    /** The array of the weights in a model directory. */
    public static final String THETA = "theta";

    private final Network network;
    private final double sigmaNoise;
    private final JsonObject training;

    /**
     * Wraps a trained network.
     *
     * @param header its method ({@value #METHOD}), likelihood, schema, structure, seed and provenance
     * @param sigmaNoise the Gaussian noise σ in network units (for {@link Likelihood#GAUSSIAN}); NaN otherwise
     * @param training what the training found (saved as the manifest's hyperparameters), may be empty
     */
    public MapPosterior(Network network, ModelHeader header, double sigmaNoise, JsonObject training) {
        super(header);
        this.network = Objects.requireNonNull(network, "network");
        checkFits(network.spec(), sigmaNoise);
        this.sigmaNoise = sigmaNoise;
        this.training = training == null ? new JsonObject() : training.deepCopy();
    }

    /**
     * Wraps a network trained elsewhere (no record of its data: see {@link ModelHeader#unrecorded}).
     *
     * @param sigmaNoise the Gaussian noise σ in network units (for {@link Likelihood#GAUSSIAN}); NaN otherwise
     * @param training a description of how it was trained (saved in the manifest), may be empty
     */
    public MapPosterior(Network network, Likelihood likelihood, ModelSchema schema, double sigmaNoise,
            JsonObject training, long seed) {
        this(network, ModelHeader.unrecorded(METHOD, likelihood, schema, network.spec(), seed), sigmaNoise,
                training);
    }

    /**
     * A copy with its own network (the same weights): for a method that keeps the MAP beyond the
     * life of the one it was given. The caller owns it.
     */
    public MapPosterior copy() {
        Network net = network.copy(DropoutMode.STANDARD);
        try {
            return new MapPosterior(net, header(), sigmaNoise, training);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public List<Network> pointNetworks() {
        return List.of(network);
    }

    /** The homoscedastic noise σ in network (standardised) units, NaN unless Gaussian. */
    public double sigmaNoise() {
        return sigmaNoise;
    }

    /**
     * The prior precision a post-hoc method uses: {@code given}, else the one the network was trained
     * under.
     *
     * @throws IllegalArgumentException when neither is known (a network trained elsewhere)
     */
    public double priorPrecision(Double given) {
        double lambda = given != null ? given : priorPrecision();
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("prior precision must be >= 0, found " + lambda
                    + " (the MAP model does not record one: set optPriorPrecision)");
        }
        return lambda;
    }

    /** The prior precision λ the network was trained under, NaN if unknown. */
    public double priorPrecision() {
        return training.has("priorPrecision") ? training.get("priorPrecision").getAsDouble() : Double.NaN;
    }

    @Override
    public Predictive predict(Dataset inputs) {
        Dataset x = schema().toNetworkUnits(inputs.hasTargets() ? inputs.withoutTargets() : inputs);
        int n = x.rows();
        float[] out = NetworkOutputs.compute(network, x.features(), x.featureShape(), n, false);
        return predictiveFromOutputs(out, n);
    }

    /** The predictive of one set of raw outputs (n x outputs), in the user's units. */
    Predictive predictiveFromOutputs(float[] out, int n) {
        ModelSchema schema = schema();
        Likelihood likelihood = likelihood();
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
        ModelDirectory.write(directory, manifest(header()), Map.of(THETA, network.parameters()));
    }

    /**
     * A manifest with {@code as}'s header and this MAP's hyperparameters (what training found, and σ
     * for a Gaussian): {@link #read} reads the MAP back from it and the array {@value #THETA}. A
     * post-hoc method that keeps the MAP (Laplace) writes it under its own header.
     */
    public JsonObject manifest(ModelHeader as) {
        JsonObject m = as.manifest();
        JsonObject hyper = training.deepCopy();
        if (likelihood() == Likelihood.GAUSSIAN) {
            hyper.addProperty("sigmaNoise", sigmaNoise);
        }
        m.add("hyperparameters", hyper);
        return m;
    }

    /** Reads a directory written by {@link #save}. */
    public static MapPosterior load(ModelDirectory md) {
        return read(md, ModelHeader.read(md));
    }

    /**
     * The MAP stored in {@code md} (its hyperparameters and the array {@value #THETA}) with
     * {@code header}: a map model's own, or, inside a post-hoc model, the MAP's.
     */
    public static MapPosterior read(ModelDirectory md, ModelHeader header) {
        JsonObject hyper = md.objectField("hyperparameters");
        double sigma = ManifestCodec.read(md, "hyperparameters", () -> hyper.has("sigmaNoise")
                ? hyper.get("sigmaNoise").getAsDouble() : Double.NaN);
        float[] theta = md.array(THETA);
        Network net = ManifestCodec.read(md, THETA, () -> Network.withParameters(header.network(),
                DropoutMode.STANDARD, theta, Device.cpu()));
        try {
            JsonObject training = hyper.deepCopy();
            training.remove("sigmaNoise");
            return new MapPosterior(net, header, sigma, training);
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
