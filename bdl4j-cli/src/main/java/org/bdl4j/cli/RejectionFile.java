package org.bdl4j.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bdl4j.Posterior;
import org.bdl4j.data.Sha256;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.ood.OodScorer;
import org.bdl4j.ood.RejectionRule;

/**
 * The rejection rule saved with a model: the directory {@code MODEL/rejection}, in the model-directory
 * format (written whole or not at all, every array with its SHA-256), whose manifest holds the
 * {@link RejectionRule}, the source of the validation rows it was fitted on and the SHA-256 of the
 * model's own manifest, so that a rule is never applied to a model it was not fitted for; for the
 * Mahalanobis score its arrays are the feature statistics ({@link OodScorer#featureStatistics()}).
 */
final class RejectionFile {
    static final String NAME = "rejection";

    private RejectionFile() {}

    /** A saved rule and the scorer that computes its score. */
    record Loaded(RejectionRule rule, OodScorer scorer) {}

    static Path of(Path model) {
        return model.resolve(NAME);
    }

    static void write(Path model, RejectionRule rule, OodScorer scorer, String fittedOn) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("method", "rejection-rule");
        o.add("rule", rule.toJson());
        o.addProperty("fittedOn", fittedOn);
        o.addProperty("modelManifestSha256", manifestSha(model));
        ModelDirectory.write(of(model), o, rule.score().source() == org.bdl4j.ood.OodScore.Source.FEATURES
                ? scorer.featureStatistics() : Map.of());
    }

    /** The rule of {@code model} (already loaded as {@code post}), checked against its manifest. */
    static Loaded read(Path model, Posterior post) {
        Path dir = of(model);
        if (!Files.isDirectory(dir)) {
            throw new CliException(model + " has no rejection rule (" + NAME + "): fit one with 'bdl4j ood --model "
                    + model + " --fit-reject SRC'");
        }
        try {
            ModelDirectory md = ModelDirectory.open(dir);
            JsonObject o = md.manifest();
            if (!o.has("modelManifestSha256") || !o.get("modelManifestSha256").getAsString().equals(manifestSha(model))) {
                throw new CliException(dir + " was fitted for another model (its manifest changed): fit it again with"
                        + " 'bdl4j ood --fit-reject'");
            }
            RejectionRule rule = RejectionRule.fromJson(md.objectField("rule"));
            Map<String, float[]> arrays = new LinkedHashMap<>();
            for (String name : md.arrayLengths().keySet()) {
                arrays.put(name, md.array(name));
            }
            return new Loaded(rule, OodScorer.withFeatureStatistics(post, arrays));
        } catch (IllegalArgumentException | IllegalStateException e) { // ModelFileException included
            throw new CliException(dir + ": " + e.getMessage());
        }
    }

    private static String manifestSha(Path model) {
        return Sha256.ofFiles(model.resolve(ModelDirectory.MANIFEST));
    }
}
