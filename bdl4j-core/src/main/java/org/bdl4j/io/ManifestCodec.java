package org.bdl4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.ModelSchema;
import org.bdl4j.data.Task;
import org.bdl4j.data.Standardizer;
import org.bdl4j.data.TargetStandardizer;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.Architecture;
import org.bdl4j.nn.ConvPadding;
import org.bdl4j.nn.NetworkSpec;

/**
 * JSON forms of the pieces every manifest shares: the network structure and the data schema
 * (features, classes, standardisation statistics). Reading validates and names the field at fault.
 */
public final class ManifestCodec {
    private ManifestCodec() {}

    public static JsonObject network(NetworkSpec spec) {
        JsonObject o = new JsonObject();
        o.addProperty("architecture", spec.architecture().cliName());
        o.add("inputShape", ints(spec.inputShape()));
        o.add("hidden", ints(spec.hidden()));
        o.add("convChannels", ints(spec.convChannels()));
        o.addProperty("convPadding", spec.convPadding().cliName());
        o.addProperty("activation", spec.activation().cliName());
        o.addProperty("dropout", spec.dropout());
        o.addProperty("outputs", spec.outputs());
        return o;
    }

    public static NetworkSpec network(ModelDirectory md, JsonObject o) {
        return read(md, "network", () -> new NetworkSpec(Architecture.parse(o.get("architecture").getAsString()),
                toInts(o.getAsJsonArray("inputShape")), toInts(o.getAsJsonArray("hidden")),
                toInts(o.getAsJsonArray("convChannels")),
                o.has("convPadding") ? ConvPadding.parse(o.get("convPadding").getAsString()) : ConvPadding.LENET,
                Activation.parse(o.get("activation").getAsString()),
                o.get("dropout").getAsFloat(), o.get("outputs").getAsInt()));
    }

    public static JsonObject schema(ModelSchema s) {
        JsonObject o = new JsonObject();
        o.addProperty("task", s.task().cliName());
        o.add("featureNames", strings(s.featureNames()));
        o.add("featureShape", ints(s.featureShape()));
        o.add("classNames", strings(s.classNames()));
        if (s.targetName() != null) {
            o.addProperty("targetName", s.targetName());
        }
        if (s.featureScaler() != null) {
            JsonObject f = new JsonObject();
            f.add("mean", doubles(s.featureScaler().mean()));
            f.add("std", doubles(s.featureScaler().std()));
            o.add("featureStandardization", f);
        }
        if (s.targetScaler() != null) {
            JsonObject t = new JsonObject();
            t.addProperty("mean", s.targetScaler().mean());
            t.addProperty("std", s.targetScaler().std());
            o.add("targetStandardization", t);
        }
        return o;
    }

    public static ModelSchema schema(ModelDirectory md, JsonObject o) {
        return read(md, "schema", () -> {
            Standardizer fs = null;
            if (o.has("featureStandardization")) {
                JsonObject f = o.getAsJsonObject("featureStandardization");
                fs = Standardizer.of(toDoubles(f.getAsJsonArray("mean")), toDoubles(f.getAsJsonArray("std")));
            }
            TargetStandardizer ts = null;
            if (o.has("targetStandardization")) {
                JsonObject t = o.getAsJsonObject("targetStandardization");
                ts = TargetStandardizer.of(t.get("mean").getAsDouble(), t.get("std").getAsDouble());
            }
            return new ModelSchema(Task.parse(o.get("task").getAsString()), toStrings(o.getAsJsonArray("featureNames")),
                    toInts(o.getAsJsonArray("featureShape")), toStrings(o.getAsJsonArray("classNames")),
                    o.has("targetName") ? o.get("targetName").getAsString() : null, fs, ts);
        });
    }

    /** Runs a reader, turning any malformed-field failure into a one-line {@link ModelFileException}. */
    public static <T> T read(ModelDirectory md, String field, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ModelFileException e) {
            throw e;
        } catch (NullPointerException e) {
            throw new ModelFileException(md.path().resolve(ModelDirectory.MANIFEST) + ": invalid \"" + field
                    + "\": a required entry is missing", e);
        } catch (RuntimeException e) {
            throw new ModelFileException(md.path().resolve(ModelDirectory.MANIFEST) + ": invalid \"" + field + "\": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                            .orElse("")), e);
        }
    }

    public static JsonArray ints(int[] a) {
        JsonArray out = new JsonArray();
        for (int v : a) {
            out.add(v);
        }
        return out;
    }

    public static JsonArray doubles(double[] a) {
        JsonArray out = new JsonArray();
        for (double v : a) {
            out.add(v);
        }
        return out;
    }

    public static JsonArray strings(List<String> a) {
        JsonArray out = new JsonArray();
        a.forEach(out::add);
        return out;
    }

    public static int[] toInts(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    public static double[] toDoubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    public static List<String> toStrings(JsonArray a) {
        List<String> out = new ArrayList<>(a.size());
        for (JsonElement e : a) {
            out.add(e.getAsString());
        }
        return out;
    }
}
