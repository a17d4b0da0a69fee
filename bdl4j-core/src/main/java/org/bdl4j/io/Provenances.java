package org.bdl4j.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bdl4j.Provenance;
import org.bdl4j.data.DataProvenance;

/** Making a {@link Provenance} now, and its JSON form in a manifest. */
public final class Provenances {
    private Provenances() {}

    /**
     * A provenance made now, with this machine's software versions.
     *
     * @param base the provenance of the model this one was made from, or null
     */
    public static Provenance now(DataProvenance data, Map<String, String> training, Map<String, String> options,
            Provenance base) {
        return new Provenance(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), Versions.software(), data,
                training, options, base, List.of());
    }

    public static JsonObject write(Provenance p) {
        JsonObject o = new JsonObject();
        o.addProperty("created", p.created());
        o.add("software", strings(p.software()));
        JsonObject d = new JsonObject();
        d.addProperty("source", p.data().source());
        if (p.data().sha256() != null) {
            d.addProperty("sha256", p.data().sha256());
        }
        d.addProperty("rows", p.data().rows());
        d.add("columns", ManifestCodec.strings(p.data().columns()));
        if (p.data().target() != null) {
            d.addProperty("target", p.data().target());
        }
        o.add("data", d);
        o.add("training", strings(p.training()));
        o.add("options", strings(p.options()));
        if (p.base() != null) {
            o.add("base", write(p.base()));
        }
        if (!p.warnings().isEmpty()) {
            o.add("warnings", ManifestCodec.strings(p.warnings()));
        }
        return o;
    }

    public static Provenance read(JsonObject o) {
        JsonObject d = o.getAsJsonObject("data");
        DataProvenance data = new DataProvenance(d.get("source").getAsString(),
                d.has("sha256") ? d.get("sha256").getAsString() : null, d.get("rows").getAsInt(),
                ManifestCodec.toStrings(d.getAsJsonArray("columns")),
                d.has("target") ? d.get("target").getAsString() : null);
        return new Provenance(o.get("created").getAsString(), map(o.getAsJsonObject("software")), data,
                map(o.getAsJsonObject("training")), map(o.getAsJsonObject("options")),
                o.has("base") ? read(o.getAsJsonObject("base")) : null,
                o.has("warnings") ? ManifestCodec.toStrings(o.getAsJsonArray("warnings")) : List.of());
    }

    private static JsonObject strings(Map<String, String> values) {
        JsonObject o = new JsonObject();
        values.forEach(o::addProperty);
        return o;
    }

    private static Map<String, String> map(JsonObject o) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            out.put(e.getKey(), e.getValue().getAsString());
        }
        return out;
    }
}
