package org.bdl4j.ood;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bdl4j.Posterior;
import org.bdl4j.data.Sha256;
import org.bdl4j.io.ModelDirectory;

/**
 * The rejection rule saved with a model: the directory {@code MODEL/rejection}, in the model-directory
 * format (written whole or not at all, every array with its SHA-256), whose manifest holds the
 * {@link RejectionRule}, the source of the validation rows it was fitted on and the SHA-256 of the
 * model's own manifest, so that a rule is never applied to a model it was not fitted for; for the
 * Mahalanobis score its arrays are the feature statistics ({@link OodScorer#featureStatistics()}).
 */
public final class RejectionFile {
    public static final String NAME = "rejection";

    private RejectionFile() {}

    /** A saved rule and the scorer that computes its score. */
    public record Loaded(RejectionRule rule, OodScorer scorer) {}

    /** The rule's directory inside a model directory. */
    public static Path of(Path model) {
        return model.resolve(NAME);
    }

    /** Saves {@code rule} (and the scorer's feature statistics, if its score needs them) with {@code model}. */
    public static void write(Path model, RejectionRule rule, OodScorer scorer, String fittedOn) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("method", "rejection-rule");
        o.add("rule", rule.toJson());
        o.addProperty("fittedOn", fittedOn);
        o.addProperty("modelManifestSha256", manifestSha(model));
        ModelDirectory.write(of(model), o, rule.score().source() == org.bdl4j.ood.OodScore.Source.FEATURES
                ? scorer.featureStatistics() : Map.of());
    }

    /**
     * The rule of {@code model} (already loaded as {@code post}), checked against its manifest.
     *
     * @throws IllegalArgumentException naming the directory when there is no rule, it was fitted for
     *     another model, or it is corrupt
     */
    public static Loaded read(Path model, Posterior post) {
        Path dir = of(model);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(model + " has no rejection rule (" + NAME + "): fit one with 'bdl4j ood"
                    + " --model " + model + " --fit-reject SRC'");
        }
        try {
            ModelDirectory md = ModelDirectory.open(dir);
            JsonObject o = md.manifest();
            if (!o.has("modelManifestSha256") || !o.get("modelManifestSha256").getAsString().equals(manifestSha(model))) {
                throw new StaleRule(dir + " was fitted for another model (its manifest changed): fit it again with"
                        + " 'bdl4j ood --fit-reject'");
            }
            RejectionRule rule = RejectionRule.fromJson(md.objectField("rule"));
            Map<String, float[]> arrays = new LinkedHashMap<>();
            for (String name : md.arrayLengths().keySet()) {
                arrays.put(name, md.array(name));
            }
            return new Loaded(rule, OodScorer.withFeatureStatistics(post, arrays));
        } catch (StaleRule e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) { // ModelFileException included
            throw new IllegalArgumentException(dir + ": " + e.getMessage(), e);
        }
    }

    /** A rule fitted for another model: its message is complete as it is. */
    private static final class StaleRule extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        StaleRule(String message) {
            super(message);
        }
    }

    private static String manifestSha(Path model) {
        return Sha256.ofFiles(model.resolve(ModelDirectory.MANIFEST));
    }
}
