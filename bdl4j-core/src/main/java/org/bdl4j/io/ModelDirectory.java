package org.bdl4j.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The on-disk form of a model: a directory holding {@code manifest.json} and one little-endian
 * float32 file per named array ({@code NAME.f32}).
 *
 * <p>The manifest carries {@code "format": "bdl4j-model"}, {@code "formatVersion"} (2: every model
 * starts with the header of {@link ModelHeader}, provenance included; models of format 1 must be
 * fitted again), and, under
 * {@code "arrays"}, each array's file, length and SHA-256, so that a foreign, newer, truncated or
 * corrupted directory is recognised and reported in one line instead of giving wrong predictions.
 *
 * <p>Writing is all or nothing: everything goes into a fresh sibling directory which replaces the
 * target only once complete (the previous model, if any, is kept until then).
 */
public final class ModelDirectory {
    public static final String FORMAT = "bdl4j-model";
    public static final int FORMAT_VERSION = 2;
    public static final String MANIFEST = "manifest.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private final Path dir;
    private final JsonObject manifest;

    private ModelDirectory(Path dir, JsonObject manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * Writes {@code manifest} (completed with format fields and the array index) and the arrays to
     * {@code dir}, replacing any previous content only once everything is written.
     */
    public static void write(Path dir, JsonObject manifest, Map<String, float[]> arrays) throws IOException {
        write(dir, manifest, arrays, Map.of());
    }

    /** Writes a whole model into a directory (e.g. {@code Posterior::save}). */
    @FunctionalInterface
    public interface DirectoryWriter {
        void writeTo(Path directory) throws IOException;
    }

    /**
     * {@link #write(Path, JsonObject, Map)} with nested models: each child is written by its writer
     * into the sub-directory of its name, inside the same all-or-nothing staging directory, and
     * recorded under {@code "children"} with the SHA-256 of its own manifest (whose arrays carry their
     * own checksums), so that {@link #child} notices a replaced or altered child.
     */
    public static void write(Path dir, JsonObject manifest, Map<String, float[]> arrays,
            Map<String, DirectoryWriter> children) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new IOException("cannot write a model to the file-system root");
        }
        Files.createDirectories(parent);
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IOException(target + " exists and is not a directory");
        }
        if (Files.isDirectory(target) && !isEmpty(target) && !Files.exists(target.resolve(MANIFEST))) {
            throw new IOException(target + " exists and is not a bdl4j model directory; refusing to replace it");
        }
        Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".writing-");
        try {
            JsonObject full = new JsonObject();
            full.addProperty("format", FORMAT);
            full.addProperty("formatVersion", FORMAT_VERSION);
            for (Map.Entry<String, JsonElement> e : manifest.entrySet()) {
                if (!e.getKey().equals("format") && !e.getKey().equals("formatVersion") && !e.getKey().equals("arrays")
                        && !e.getKey().equals("children")) {
                    full.add(e.getKey(), e.getValue());
                }
            }
            JsonObject index = new JsonObject();
            for (Map.Entry<String, float[]> e : arrays.entrySet()) {
                String name = e.getKey();
                if (!name.matches("[A-Za-z0-9_.-]+")) {
                    throw new IllegalArgumentException("array names must be [A-Za-z0-9_.-]+, found '" + name + "'");
                }
                String file = name + ".f32";
                byte[] bytes = toBytes(e.getValue());
                writeSynced(staging.resolve(file), bytes);
                JsonObject entry = new JsonObject();
                entry.addProperty("file", file);
                entry.addProperty("length", e.getValue().length);
                entry.addProperty("sha256", sha256(bytes));
                index.add(name, entry);
            }
            full.add("arrays", index);
            if (!children.isEmpty()) {
                JsonObject kids = new JsonObject();
                for (Map.Entry<String, DirectoryWriter> e : children.entrySet()) {
                    String name = e.getKey();
                    if (!name.matches("[A-Za-z0-9_-]+") || index.has(name)) {
                        throw new IllegalArgumentException("child names must be [A-Za-z0-9_-]+ and differ from the"
                                + " array names, found '" + name + "'");
                    }
                    Path sub = staging.resolve(name);
                    e.getValue().writeTo(sub);
                    JsonObject entry = new JsonObject();
                    entry.addProperty("directory", name);
                    entry.addProperty("manifestSha256", sha256(Files.readAllBytes(sub.resolve(MANIFEST))));
                    kids.add(name, entry);
                }
                full.add("children", kids);
            }
            writeSynced(staging.resolve(MANIFEST), GSON.toJson(full).getBytes(StandardCharsets.UTF_8));
            replace(staging, target);
        } finally {
            TemporaryDirectory.delete(staging);
        }
    }

    /**
     * Opens and checks a model directory: the manifest must parse, name the bdl4j format and a
     * version this library reads. Arrays are checked when read.
     */
    public static ModelDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelFileException(dir + ": no such model directory");
        }
        Path m = dir.resolve(MANIFEST);
        String text;
        try {
            text = Files.readString(m, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(dir + ": not a bdl4j model directory (no " + MANIFEST + ")");
        } catch (IOException | UncheckedIOException e) {
            throw new ModelFileException(m + ": cannot be read: " + e.getMessage(), e);
        }
        JsonObject manifest;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new ModelFileException(m + ": not a bdl4j manifest (not a JSON object)");
            }
            manifest = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelFileException(m + ": not valid JSON (" + firstLine(e.getMessage()) + ")", e);
        }
        JsonElement format = manifest.get("format");
        if (format == null || !format.isJsonPrimitive() || !FORMAT.equals(format.getAsString())) {
            throw new ModelFileException(m + ": not a bdl4j model (format is " + format + ", expected \"" + FORMAT
                    + "\")");
        }
        ModelDirectory md = new ModelDirectory(dir, manifest);
        int version = md.intField("formatVersion");
        if (version < FORMAT_VERSION) {
            throw new ModelFileException(m + ": written by an older bdl4j (model format " + version + "); this bdl4j"
                    + " reads format " + FORMAT_VERSION + ": fit the model again");
        }
        if (version > FORMAT_VERSION) {
            throw new ModelFileException(m + ": written by a newer bdl4j (model format " + version + "); this bdl4j"
                    + " reads format " + FORMAT_VERSION);
        }
        if (!manifest.has("arrays") || !manifest.get("arrays").isJsonObject()) {
            throw new ModelFileException(m + ": the manifest has no \"arrays\" index");
        }
        return md;
    }

    public Path path() {
        return dir;
    }

    /** The manifest (do not modify). */
    public JsonObject manifest() {
        return manifest;
    }

    /** The method that wrote the model, e.g. {@code map}. */
    public String method() {
        return stringField("method");
    }

    /** A required string field of the manifest. */
    public String stringField(String name) {
        JsonElement e = manifest.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            throw new ModelFileException(dir.resolve(MANIFEST) + ": missing or invalid field \"" + name + "\"");
        }
        return e.getAsString();
    }

    /** A required integer field of the manifest. */
    public int intField(String name) {
        JsonElement e = manifest.get(name);
        try {
            if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                return e.getAsInt();
            }
        } catch (NumberFormatException ex) {
            // fall through
        }
        throw new ModelFileException(dir.resolve(MANIFEST) + ": missing or invalid field \"" + name + "\"");
    }

    /** A required object field of the manifest. */
    public JsonObject objectField(String name) {
        JsonElement e = manifest.get(name);
        if (e == null || !e.isJsonObject()) {
            throw new ModelFileException(dir.resolve(MANIFEST) + ": missing or invalid field \"" + name + "\"");
        }
        return e.getAsJsonObject();
    }

    /** Reads a named array, checking its length and SHA-256 against the manifest. */
    public float[] array(String name) {
        JsonObject index = manifest.getAsJsonObject("arrays");
        JsonElement entry = index.get(name);
        if (entry == null || !entry.isJsonObject()) {
            throw new ModelFileException(dir.resolve(MANIFEST) + ": no array named \"" + name + "\"");
        }
        JsonObject o = entry.getAsJsonObject();
        String file;
        long length;
        String sha;
        try {
            file = o.get("file").getAsString();
            length = o.get("length").getAsLong();
            sha = o.get("sha256").getAsString();
        } catch (RuntimeException e) {
            throw new ModelFileException(dir.resolve(MANIFEST) + ": invalid entry for array \"" + name + "\"", e);
        }
        Path p = dir.resolve(file).normalize();
        if (!p.startsWith(dir.normalize()) || file.contains("/") || file.contains("\\")) {
            throw new ModelFileException(dir.resolve(MANIFEST) + ": array file \"" + file + "\" is outside the model");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(p + ": missing array file");
        } catch (IOException e) {
            throw new ModelFileException(p + ": cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length != length * 4) {
            throw new ModelFileException(p + ": holds " + bytes.length + " bytes, the manifest says " + length
                    + " floats (" + length * 4 + " bytes): truncated or corrupt");
        }
        if (!sha256(bytes).equalsIgnoreCase(sha)) {
            throw new ModelFileException(p + ": checksum mismatch: the file is corrupt or was changed");
        }
        float[] out = new float[(int) length];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /**
     * The directory of a nested model written by {@link #write(Path, JsonObject, Map, Map)}, checked
     * against the manifest: it must exist inside this directory and its manifest must have the
     * recorded SHA-256.
     */
    public Path child(String name) {
        Path m = dir.resolve(MANIFEST);
        JsonElement kids = manifest.get("children");
        JsonElement entry = kids != null && kids.isJsonObject() ? kids.getAsJsonObject().get(name) : null;
        if (entry == null || !entry.isJsonObject()) {
            throw new ModelFileException(m + ": no nested model named \"" + name + "\"");
        }
        String sub;
        String sha;
        try {
            sub = entry.getAsJsonObject().get("directory").getAsString();
            sha = entry.getAsJsonObject().get("manifestSha256").getAsString();
        } catch (RuntimeException e) {
            throw new ModelFileException(m + ": invalid entry for nested model \"" + name + "\"", e);
        }
        Path p = dir.resolve(sub).normalize();
        if (!sub.matches("[A-Za-z0-9_-]+") || !p.startsWith(dir.normalize())) {
            throw new ModelFileException(m + ": nested model directory \"" + sub + "\" is outside the model");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p.resolve(MANIFEST));
        } catch (NoSuchFileException e) {
            throw new ModelFileException(p + ": missing nested model (no " + MANIFEST + ")");
        } catch (IOException e) {
            throw new ModelFileException(p.resolve(MANIFEST) + ": cannot be read: " + e.getMessage(), e);
        }
        if (!sha256(bytes).equalsIgnoreCase(sha)) {
            throw new ModelFileException(p.resolve(MANIFEST) + ": checksum mismatch: the nested model was replaced"
                    + " or changed");
        }
        return p;
    }

    /** The names of the arrays in the manifest, in order. */
    public Map<String, Long> arrayLengths() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : manifest.getAsJsonObject("arrays").entrySet()) {
            out.put(e.getKey(), e.getValue().getAsJsonObject().get("length").getAsLong());
        }
        return out;
    }

    private static byte[] toBytes(float[] a) {
        ByteBuffer buf = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(a);
        return buf.array();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /** Moves the complete staging directory into place; an old model is moved aside first, then deleted. */
    private static void replace(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
            Files.delete(old);
            move(target, old);
        }
        try {
            move(staging, target);
        } catch (IOException e) {
            if (old != null) {
                move(old, target);
            }
            throw e;
        }
        if (old != null) {
            TemporaryDirectory.delete(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "parse error";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
