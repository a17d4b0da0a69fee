package org.bdl4j.io;

import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Provenance;
import org.bdl4j.data.DataProvenance;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.NetworkSpec;

/**
 * What every saved posterior says about itself, written and read here once: the method, the
 * likelihood, the data schema (features, classes, standardisation), the network's structure, the
 * seed and the {@link Provenance}. A posterior adds its own {@code hyperparameters} and arrays.
 * Reading checks that the pieces fit together (the likelihood's task is the schema's, the network's
 * outputs are the likelihood's) and names the field at fault.
 *
 * @param method the method's name, e.g. {@code laplace}
 * @param network the network's structure, or null for a model without a bdl4j network
 */
public record ModelHeader(String method, Likelihood likelihood, ModelSchema schema, NetworkSpec network, long seed,
        Provenance provenance) {

    public ModelHeader {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(likelihood, "likelihood");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(provenance, "provenance");
        if (likelihood.task() != schema.task()) {
            throw new IllegalArgumentException("likelihood " + likelihood.cliName() + " does not fit a "
                    + schema.task().cliName() + " schema");
        }
        int expected = likelihood.outputs(schema.numClasses());
        if (network != null && network.outputs() != expected) {
            throw new IllegalArgumentException("the network has " + network.outputs() + " outputs, the likelihood "
                    + likelihood.cliName() + " needs " + expected);
        }
    }

    /**
     * The header of a model fitted now on {@code train}.
     *
     * @param training MAP training's settings by option name (empty if no network was trained)
     * @param options the method's options by name, defaults included
     */
    public static ModelHeader fitted(String method, Likelihood likelihood, ModelSchema schema, NetworkSpec network,
            long seed, Dataset train, Map<String, String> training, Map<String, String> options) {
        return new ModelHeader(method, likelihood, schema, network, seed,
                Provenances.now(DataProvenance.of(train), training, options, null));
    }

    /** A model made without a record of its data (e.g. a network built by hand in a test). */
    public static ModelHeader unrecorded(String method, Likelihood likelihood, ModelSchema schema, NetworkSpec network,
            long seed) {
        DataProvenance none = new DataProvenance("not recorded", null, 0, schema.featureNames(), schema.targetName());
        return new ModelHeader(method, likelihood, schema, network, seed,
                Provenances.now(none, Map.of(), Map.of(), null));
    }

    /**
     * The header of a posterior fitted now from this one's model (a post-hoc method on a MAP) on
     * {@code train}, with the method's options: this model's training settings carry over, and its
     * whole provenance is kept as the base when it saw other data. Its warnings carry over when the
     * data are the same; on other data they stay with it, in the base, since they were about its data.
     */
    public ModelHeader derive(String newMethod, Dataset train, Map<String, String> options) {
        return derive(newMethod, DataProvenance.of(train), options);
    }

    /** {@link #derive(String, Dataset, Map)} for data described by its provenance (data not held in one place). */
    public ModelHeader derive(String newMethod, DataProvenance data, Map<String, String> options) {
        boolean same = sameData(provenance.data(), data);
        Provenance base = same ? provenance.base() : provenance;
        return new ModelHeader(newMethod, likelihood, schema, network, seed,
                Provenances.now(data, provenance.training(), options, base)
                        .withWarnings(same ? provenance.warnings() : java.util.List.of()));
    }

    /**
     * The header of a posterior made now from this one's model without new data (e.g. MC dropout on a
     * trained MAP): the same data and training settings, the method's options.
     */
    public ModelHeader derive(String newMethod, Map<String, String> options) {
        return new ModelHeader(newMethod, likelihood, schema, network, seed,
                Provenances.now(provenance.data(), provenance.training(), options, provenance.base())
                        .withWarnings(provenance.warnings()));
    }

    /** This header with {@code more} warnings in its provenance. */
    public ModelHeader withWarnings(java.util.List<String> more) {
        return more.isEmpty() ? this : new ModelHeader(method, likelihood, schema, network, seed,
                provenance.withWarnings(more));
    }

    /** This header under another method name (e.g. the MAP inside a saved Laplace model). */
    public ModelHeader withMethod(String newMethod) {
        return new ModelHeader(newMethod, likelihood, schema, network, seed, provenance);
    }

    /** This header with another network structure (e.g. another dropout rate at prediction). */
    public ModelHeader withNetwork(NetworkSpec spec) {
        return new ModelHeader(method, likelihood, schema, spec, seed, provenance);
    }

    /** A new manifest holding this header's fields. */
    public JsonObject manifest() {
        JsonObject m = new JsonObject();
        m.addProperty("method", method);
        m.addProperty("task", schema.task().cliName());
        m.addProperty("likelihood", likelihood.cliName());
        if (network != null) {
            m.add("network", ManifestCodec.network(network));
        }
        m.add("schema", ManifestCodec.schema(schema));
        m.addProperty("seed", seed);
        m.add("provenance", Provenances.write(provenance));
        return m;
    }

    /**
     * Reads the header of an opened model directory.
     *
     * @throws ModelFileException naming the manifest and the field at fault
     */
    public static ModelHeader read(ModelDirectory md) {
        String method = md.method();
        Likelihood likelihood = ManifestCodec.read(md, "likelihood", () -> Likelihood.parse(md.stringField("likelihood")));
        ModelSchema schema = ManifestCodec.schema(md, md.objectField("schema"));
        NetworkSpec network = md.manifest().has("network") ? ManifestCodec.network(md, md.objectField("network"))
                : null;
        long seed = ManifestCodec.read(md, "seed", () -> md.manifest().get("seed").getAsLong());
        Provenance provenance = ManifestCodec.read(md, "provenance",
                () -> Provenances.read(md.objectField("provenance")));
        return ManifestCodec.read(md, "network", () -> new ModelHeader(method, likelihood, schema, network, seed,
                provenance));
    }

    private static boolean sameData(DataProvenance a, DataProvenance b) {
        return a.source().equals(b.source()) && Objects.equals(a.sha256(), b.sha256()) && a.rows() == b.rows()
                && a.columns().equals(b.columns());
    }

}
