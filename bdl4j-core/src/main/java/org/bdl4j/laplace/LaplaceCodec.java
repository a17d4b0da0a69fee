package org.bdl4j.laplace;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bdl4j.Likelihood;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.nn.Network;
import org.bdl4j.train.MapPosterior;

/**
 * The on-disk form of a {@link LaplacePosterior}, method {@value LaplacePosterior#METHOD}: the MAP's
 * manifest with method {@code laplace} and an object {@code laplace} (the settings, λ, σ, the weights,
 * log p(D | θ*), N and P), and the arrays {@code theta} plus the structure's curvature arrays
 * ({@link PosteriorPrecision#arrays}, kept in float32 so that a loaded posterior predicts
 * bit-identically). Every manifest field of the method is read and written here.
 */
final class LaplaceCodec {
    private static final String FIELD = "laplace";

    private LaplaceCodec() {}

    /** Writes {@code post} (open) to {@code directory}. */
    static void save(LaplacePosterior post, Path directory) throws IOException {
        MapPosterior map = post.map();
        Laplace.Settings settings = post.settings();
        LaplaceWeights weights = post.weights();
        double[] lambdas = post.priorPrecisions();
        JsonObject m = map.manifest(post.header());
        JsonObject l = new JsonObject();
        l.addProperty("subset", weights.subset().cliName());
        l.addProperty("hessian", settings.hessian().cliName());
        l.addProperty("curvature", settings.curvature().cliName());
        if (settings.curvature() == CurvatureType.MC_FISHER) {
            l.addProperty("fisherSamples", settings.fisherSamples());
        }
        l.addProperty("link", settings.link().cliName());
        l.addProperty("prediction", settings.prediction().cliName());
        l.addProperty("samples", settings.samples());
        l.addProperty("seed", settings.seed());
        if (map.likelihood() == Likelihood.GAUSSIAN) {
            l.addProperty("sigmaNoise", settings.sigmaNoise());
            l.addProperty("sigmaNoiseInUse", post.sigmaNoise());
        }
        if (PosteriorPrecision.uniform(lambdas)) {
            l.addProperty("priorPrecision", lambdas[0]);
        } else {
            l.add("priorPrecisions", ManifestCodec.doubles(lambdas));
        }
        weights.subnetwork().ifPresent(s -> l.add("subnetwork", ManifestCodec.ints(s.indices())));
        l.addProperty("logLikelihood", post.evidence().fitLogLikelihood());
        l.addProperty("trainRows", post.evidence().trainRows());
        l.addProperty("parameters", post.parameterCount());
        m.add(FIELD, l);
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put(MapPosterior.THETA, map.network().parameters());
        arrays.putAll(post.curvatureArrays());
        ModelDirectory.write(directory, m, arrays);
    }

    /** Reads a directory written by {@link #save}. */
    static LaplacePosterior load(ModelDirectory md) {
        ModelHeader header = ModelHeader.read(md);
        MapPosterior map = MapPosterior.read(md, header.withMethod(MapPosterior.METHOD));
        NDManager manager = map.network().manager().newSubManager();
        try {
            JsonObject l = md.objectField(FIELD);
            LaplaceWeights weights = weights(md, l, map.network());
            Laplace.Settings settings = read(md, () -> new Laplace.Settings(
                    HessianStructure.parse(l.get("hessian").getAsString()),
                    CurvatureType.parse(l.get("curvature").getAsString()), Link.parse(l.get("link").getAsString()),
                    PredictionType.parse(l.get("prediction").getAsString()),
                    l.get("samples").getAsInt(), l.get("seed").getAsLong(),
                    l.has("sigmaNoise") ? l.get("sigmaNoise").getAsDouble() : map.sigmaNoise(),
                    l.has("fisherSamples") ? l.get("fisherSamples").getAsInt() : 1));
            double logLik = read(md, () -> l.get("logLikelihood").getAsDouble());
            int rows = read(md, () -> l.get("trainRows").getAsInt());
            PosteriorPrecision p = read(md, () -> weights.load(settings.hessian(), md::array, manager));
            LaplacePosterior post = new LaplacePosterior(header, map, true, settings, weights, p, manager, logLik,
                    rows);
            double[] lambdas = read(md, () -> l.has("priorPrecisions")
                    ? ManifestCodec.toDoubles(l.getAsJsonArray("priorPrecisions"))
                    : post.evidence().uniform(l.get("priorPrecision").getAsDouble()));
            double inUse = read(md, () -> l.has("sigmaNoiseInUse")
                    ? l.get("sigmaNoiseInUse").getAsDouble() : settings.sigmaNoise());
            read(md, () -> {
                post.evidence().checkLambdas(lambdas, inUse);
                return null;
            });
            post.apply(lambdas, inUse);
            return post;
        } catch (RuntimeException e) {
            manager.close();
            map.close();
            throw e;
        }
    }

    /** The saved weights: a subnetwork by its indices, or whole layers of a subset (checked against P). */
    private static LaplaceWeights weights(ModelDirectory md, JsonObject l, Network net) {
        if (l.has("subnetwork")) {
            return read(md, () -> LaplaceWeights.Subnet.of(net,
                    ManifestCodec.toInts(l.getAsJsonArray("subnetwork"))));
        }
        SubsetOfWeights subset = read(md, () -> SubsetOfWeights.parse(l.get("subset").getAsString()));
        LaplaceWeights weights = LaplaceWeights.of(subset, AffineLayer.of(net));
        int saved = read(md, () -> l.get("parameters").getAsInt());
        if (saved != weights.parameterCount()) {
            throw new ModelFileException(md.path().resolve(ModelDirectory.MANIFEST) + ": the laplace posterior covers "
                    + saved + " parameters, the network's " + subset.cliName() + " subset has "
                    + weights.parameterCount());
        }
        return weights;
    }

    private static <T> T read(ModelDirectory md, java.util.function.Supplier<T> reader) {
        return ManifestCodec.read(md, FIELD, reader);
    }
}
