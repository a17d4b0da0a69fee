package org.bdl4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bdl4j.data.Sha256;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.ood.RejectionRule;

/**
 * The rejection rule saved with a model: {@code MODEL/rejection.json}, holding the {@link RejectionRule},
 * the source of the validation rows it was fitted on, and the SHA-256 of the model's manifest, so that a
 * rule is never applied to a model it was not fitted for. Written whole or not at all.
 */
final class RejectionFile {
    static final String NAME = "rejection.json";

    private RejectionFile() {}

    static Path of(Path model) {
        return model.resolve(NAME);
    }

    static void write(Path model, RejectionRule rule, String fittedOn) throws IOException {
        JsonObject o = rule.toJson();
        o.addProperty("fittedOn", fittedOn);
        o.addProperty("modelManifestSha256", manifestSha(model));
        AtomicFiles.write(of(model), w -> w.write(Json.GSON.toJson(o) + "\n"));
    }

    /** The rule of {@code model}, checked against its manifest. */
    static RejectionRule read(Path model) {
        Path file = of(model);
        if (!Files.isRegularFile(file)) {
            throw new CliException(model + " has no rejection rule (" + NAME + "): fit one with 'bdl4j ood --model "
                    + model + " --fit-reject SRC'");
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!o.has("modelManifestSha256") || !o.get("modelManifestSha256").getAsString().equals(manifestSha(model))) {
                throw new CliException(file + " was fitted for another model (its manifest changed): fit it again with"
                        + " 'bdl4j ood --fit-reject'");
            }
            return RejectionRule.fromJson(o);
        } catch (IOException e) {
            throw new CliException(file + ": " + e.getMessage());
        } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
            throw new CliException(file + ": " + e.getMessage());
        }
    }

    private static String manifestSha(Path model) {
        return Sha256.ofFiles(model.resolve(ModelDirectory.MANIFEST));
    }
}
