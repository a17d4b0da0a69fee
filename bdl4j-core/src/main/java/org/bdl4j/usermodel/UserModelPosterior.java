package org.bdl4j.usermodel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.Provenance;
import org.bdl4j.data.DataProvenance;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Task;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.io.Provenances;
import org.bdl4j.method.Posteriors;
import org.bdl4j.nn.FeatureHead;

/**
 * A user's network with a posterior over its last layer: p(y | x, D) = ∫ p(y | W φ(x) + b) q(W, b) d(W, b),
 * where φ is the frozen user network up to its last layer and q is the head posterior fitted by
 * {@link UserModelFit}. Prediction runs the user network once per row for φ and hands the features to
 * the head's predictive.
 *
 * <p>{@link #method()} is the head's method (e.g. {@code laplace}). Saved as a model directory of
 * method {@value #METHOD}: the manifest holds the user data's schema and which outputs are the
 * predictions and the features; the sub-directory {@code network} holds a copy of the network's file
 * ({@code model.pt} or {@code model.onnx}) with its SHA-256, and {@code head} the head posterior, written
 * by itself. It owns the head and one reference to the user model ({@link UserModel#retain}).
 */
public final class UserModelPosterior implements Posterior, FeatureHead {
    /** The method name in manifests. */
    public static final String METHOD = "user-model";
    /** The sub-directory holding the head posterior. */
    public static final String HEAD = "head";
    /** The sub-directory holding the user's network file. */
    public static final String NETWORK = NetworkFile.CHILD;
    /** The network file's name inside {@value #NETWORK}, before its format's extension ({@code model.pt}). */
    public static final String NETWORK_FILE = NetworkFile.BASE_NAME;

    private final UserModel model;
    private final String lastLayer;
    private final Posterior head;
    private final ModelSchema schema;
    private final Provenance provenance;

    /**
     * Takes ownership of {@code head} and of one reference to {@code model}.
     *
     * @param lastLayer the name of the user's last layer (the head's MAP)
     * @param schema the user data's schema (no standardisation: the user model takes raw rows)
     * @param provenance the training data's and the head method's
     */
    public UserModelPosterior(UserModel model, String lastLayer, Posterior head, ModelSchema schema,
            Provenance provenance) {
        this.model = Objects.requireNonNull(model, "model");
        this.lastLayer = Objects.requireNonNull(lastLayer, "lastLayer");
        this.head = Objects.requireNonNull(head, "head");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        if (schema.featureScaler() != null || schema.targetScaler() != null) {
            throw new IllegalArgumentException("a user model takes the rows as they are: its schema must not"
                    + " standardise");
        }
    }

    /** The posterior over the last layer, on the features. */
    @Override
    public Posterior head() {
        return head;
    }

    /**
     * The user model's features φ of {@code inputs} as a data set the head reads (targets kept).
     */
    @Override
    public Dataset features(Dataset inputs) {
        Dataset rows = UserModelFit.conformed(schema, inputs);
        return UserModelFit.onFeatures(rows, model.features(rows));
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public ModelSchema schema() {
        return schema;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public Predictive predict(Dataset inputs) {
        return head.predict(features(inputs));
    }

    @Override
    public void save(Path directory) throws IOException {
        ModelHeader h = new ModelHeader(METHOD, likelihood(), schema, null, 0, provenance);
        JsonObject m = h.manifest();
        m.addProperty("headMethod", head.method());
        m.addProperty("lastLayer", lastLayer);
        m.addProperty("predictionsOutput", model.outputs().predictions());
        m.addProperty("featuresOutput", model.outputs().features().orElse(-1));
        Map<String, ModelDirectory.DirectoryWriter> children = new LinkedHashMap<>();
        children.put(NETWORK, NetworkFile.writer(model));
        children.put(HEAD, head::save);
        ModelDirectory.write(directory, m, Map.of(), children);
    }

    private Likelihood likelihood() {
        return schema.task() == Task.CLASSIFICATION ? Likelihood.CATEGORICAL : Likelihood.GAUSSIAN;
    }

    /** Reads a directory written by {@link #save}. */
    public static UserModelPosterior load(ModelDirectory md) {
        ModelHeader h = ModelHeader.read(md);
        int predictions = ManifestCodec.read(md, "predictionsOutput", () -> md.intField("predictionsOutput"));
        int features = ManifestCodec.read(md, "featuresOutput", () -> md.intField("featuresOutput"));
        String lastLayer = md.stringField("lastLayer");
        OutputSelection outputs = ManifestCodec.read(md, "featuresOutput", () -> new OutputSelection(predictions,
                features < 0 ? OptionalInt.empty() : OptionalInt.of(features)));
        UserModel model = UserModel.load(NetworkFile.checked(md), outputs);
        try {
            Posterior head = Posteriors.load(md.child(HEAD));
            try {
                return new UserModelPosterior(model, lastLayer, head, h.schema(), h.provenance());
            } catch (RuntimeException e) {
                head.close();
                throw new ModelFileException(md.path() + ": inconsistent model: " + e.getMessage(), e);
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The provenance of a head fitted now on {@code train} through a user model read from {@code file}. */
    static Provenance provenance(Dataset train, Posterior head, UserModel model, String lastLayer) {
        Map<String, String> options = new LinkedHashMap<>(head.provenance().options());
        model.file().ifPresent(f -> options.put("model-file", f.getFileName().toString()));
        options.put("last-layer", lastLayer);
        return Provenances.now(DataProvenance.of(train), head.provenance().training(), options, null)
                .withWarnings(head.provenance().warnings());
    }

    @Override
    public void close() {
        try {
            head.close();
        } finally {
            model.close();
        }
    }
}
