package org.bdl4j;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The reference values of {@code reference/posthoc_reference.json}, written by the committed,
 * independent script {@code reference/posthoc_reference.py} (numpy / scipy; see its header).
 */
public final class PosthocReference {
    private static JsonObject root;

    private PosthocReference() {}

    public static JsonObject section(String name) {
        return root().getAsJsonObject(name);
    }

    /** The [n, alpha, k] rows of the conformal rank check. */
    public static JsonArray ranks() {
        return root().getAsJsonArray("ranks");
    }

    private static synchronized JsonObject root() {
        if (root == null) {
            try (InputStream in = PosthocReference.class.getResourceAsStream("/reference/posthoc_reference.json")) {
                if (in == null) {
                    throw new IllegalStateException("reference/posthoc_reference.json is not on the test class path");
                }
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    root = JsonParser.parseReader(r).getAsJsonObject();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    public static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    public static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    public static double[][] matrix(JsonArray a) {
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(a.get(i).getAsJsonArray());
        }
        return out;
    }
}
