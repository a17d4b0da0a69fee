package org.bdl4j;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.data.DataProvenance;

/**
 * How a model came to be, written into its model file so that a user can audit it: when and with
 * which software it was fitted, the data it saw (source, SHA-256 of the file, rows and columns), the
 * settings of the MAP training it started from, and every option of its method, defaults included.
 * In the spirit of Tribuo's provenance: one carrier, written and read in one place
 * ({@code org.bdl4j.io.ModelHeader}), travels with every model.
 *
 * @param created when the model was fitted (ISO-8601, UTC)
 * @param software bdl4j, DJL, engine and Java versions and the operating system
 * @param data the training rows the method saw
 * @param training MAP training's settings by option name (empty when the network was not trained here)
 * @param options the method's options by name, every one with its value or default
 * @param base the provenance of the model this one was fitted from when that saw other data (e.g. a
 *     saved MAP model), else null
 * @param warnings what fitting noticed that a user should know (a chain that did not mix, a prior
 *     precision at its search bound, a data set too small for the network), one line each
 */
public record Provenance(String created, Map<String, String> software, DataProvenance data,
        Map<String, String> training, Map<String, String> options, Provenance base, List<String> warnings) {

    public Provenance {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(data, "data");
        software = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(software));
        training = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(training));
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        warnings = List.copyOf(warnings);
    }

    /** This provenance with {@code more} warnings after its own (repeats dropped). */
    public Provenance withWarnings(List<String> more) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(warnings);
        all.addAll(more);
        return new Provenance(created, software, data, training, options, base, List.copyOf(all));
    }
}
