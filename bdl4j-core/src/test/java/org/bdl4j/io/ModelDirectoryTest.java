package org.bdl4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
    @TempDir
    Path tmp;

    private Path writeSample(String name) throws IOException {
        JsonObject m = new JsonObject();
        m.addProperty("method", "map");
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("theta", new float[] {1f, -2.5f, Float.MIN_VALUE, 3e38f});
        arrays.put("extra", new float[0]);
        Path dir = tmp.resolve(name);
        ModelDirectory.write(dir, m, arrays);
        return dir;
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        Path dir = writeSample("m");
        ModelDirectory md = ModelDirectory.open(dir);
        assertThat(md.method()).isEqualTo("map");
        assertThat(md.array("theta")).containsExactly(1f, -2.5f, Float.MIN_VALUE, 3e38f);
        assertThat(md.array("extra")).isEmpty();
        assertThat(md.intField("formatVersion")).isEqualTo(ModelDirectory.FORMAT_VERSION);
        // nothing but the model is left beside it (no staging directories)
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("m");
        }
    }

    @Test
    void aFlippedByteIsReportedAsCorrupt() throws IOException {
        Path dir = writeSample("m");
        Path f = dir.resolve("theta.f32");
        byte[] b = Files.readAllBytes(f);
        b[5] ^= 1;
        Files.write(f, b);
        assertThatThrownBy(() -> ModelDirectory.open(dir).array("theta")).isInstanceOf(ModelFileException.class)
                .hasMessage(f + ": checksum mismatch: the file is corrupt or was changed");
    }

    @Test
    void aTruncatedArrayIsReported() throws IOException {
        Path dir = writeSample("m");
        Path f = dir.resolve("theta.f32");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, 10));
        assertThatThrownBy(() -> ModelDirectory.open(dir).array("theta"))
                .hasMessage(f + ": holds 10 bytes, the manifest says 4 floats (16 bytes): truncated or corrupt");
    }

    @Test
    void aTruncatedManifestIsReported() throws IOException {
        Path dir = writeSample("m");
        Path m = dir.resolve("manifest.json");
        String text = Files.readString(m);
        Files.writeString(m, text.substring(0, text.length() / 2));
        assertThatThrownBy(() -> ModelDirectory.open(dir)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(m + ": not valid JSON").hasMessageNotContaining("\n");
    }

    @Test
    void foreignAndMissingDirectoriesAreReported() throws IOException {
        assertThatThrownBy(() -> ModelDirectory.open(tmp.resolve("nope")))
                .hasMessage(tmp.resolve("nope") + ": no such model directory");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThatThrownBy(() -> ModelDirectory.open(empty))
                .hasMessage(empty + ": not a bdl4j model directory (no manifest.json)");
        Path foreign = Files.createDirectory(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("manifest.json"), "{\"name\": \"something else\"}");
        assertThatThrownBy(() -> ModelDirectory.open(foreign))
                .hasMessage(foreign.resolve("manifest.json") + ": not a bdl4j model (format is null, expected \"bdl4j-model\")");
        Path list = Files.createDirectory(tmp.resolve("list"));
        Files.writeString(list.resolve("manifest.json"), "[1, 2]", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelDirectory.open(list)).hasMessageContaining("not a JSON object");
    }

    @Test
    void aNewerFormatVersionIsRefused() throws IOException {
        Path dir = writeSample("m");
        Path m = dir.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replace("\"formatVersion\": 2", "\"formatVersion\": 99"));
        assertThatThrownBy(() -> ModelDirectory.open(dir))
                .hasMessage(m + ": written by a newer bdl4j (model format 99); this bdl4j reads format 2");
    }

    /** Format 1 (before the common header and provenance) is no longer read: the user is told to refit. */
    @Test
    void anOlderFormatVersionAsksForARefit() throws IOException {
        Path dir = writeSample("old");
        Path m = dir.resolve("manifest.json");
        Files.writeString(m, Files.readString(m).replace("\"formatVersion\": 2", "\"formatVersion\": 1"));
        assertThatThrownBy(() -> ModelDirectory.open(dir)).isInstanceOf(ModelFileException.class)
                .hasMessage(m + ": written by an older bdl4j (model format 1); this bdl4j reads format 2: fit the"
                        + " model again");
    }

    @Test
    void overwritingReplacesTheOldModelWhole() throws IOException {
        Path dir = writeSample("m");
        JsonObject m = new JsonObject();
        m.addProperty("method", "other");
        ModelDirectory.write(dir, m, Map.of("w", new float[] {7f}));
        ModelDirectory md = ModelDirectory.open(dir);
        assertThat(md.method()).isEqualTo("other");
        assertThat(md.arrayLengths()).containsOnlyKeys("w");
        assertThat(Files.exists(dir.resolve("theta.f32"))).isFalse();
    }

    @Test
    void aDirectoryThatIsNotAModelIsNeverReplaced() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("precious"));
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        JsonObject m = new JsonObject();
        m.addProperty("method", "map");
        assertThatThrownBy(() -> ModelDirectory.write(dir, m, Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a bdl4j model directory; refusing to replace it");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("keep me");
    }

    @Test
    void aFailedWriteLeavesThePreviousModelIntact() throws IOException {
        Path dir = writeSample("m");
        JsonObject m = new JsonObject();
        m.addProperty("method", "broken");
        // an invalid array name fails after staging has begun
        assertThatThrownBy(() -> ModelDirectory.write(dir, m, Map.of("../evil", new float[1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ModelDirectory.open(dir).method()).isEqualTo("map");
        assertThat(ModelDirectory.open(dir).array("theta")).hasSize(4);
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("m");
        }
    }

    @Test
    void nestedModelsAreWrittenInsideAndCheckedAgainstTheOuterManifest() throws IOException {
        JsonObject outer = new JsonObject();
        outer.addProperty("method", "wrapper");
        Path dir = tmp.resolve("outer");
        ModelDirectory.write(dir, outer, Map.of(), Map.of("base", d -> {
            JsonObject inner = new JsonObject();
            inner.addProperty("method", "map");
            ModelDirectory.write(d, inner, Map.of("theta", new float[] {1f, 2f}));
        }));
        ModelDirectory md = ModelDirectory.open(dir);
        Path base = md.child("base");
        assertThat(base).isEqualTo(dir.resolve("base"));
        assertThat(ModelDirectory.open(base).array("theta")).containsExactly(1f, 2f);
        try (var s = Files.list(dir)) { // no staging directories left inside
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("manifest.json", "base");
        }
        assertThatThrownBy(() -> md.child("other")).isInstanceOf(ModelFileException.class)
                .hasMessage(dir.resolve("manifest.json") + ": no nested model named \"other\"");

        // a base swapped for another model is noticed
        JsonObject other = new JsonObject();
        other.addProperty("method", "map");
        ModelDirectory.write(base, other, Map.of("theta", new float[] {3f}));
        assertThatThrownBy(() -> ModelDirectory.open(dir).child("base")).isInstanceOf(ModelFileException.class)
                .hasMessage(base.resolve("manifest.json")
                        + ": checksum mismatch: the nested model was replaced or changed");
    }

    /** Rewrites one array's manifest entry to point at {@code file}. */
    private static void pointArrayAt(Path dir, String file) throws IOException {
        Path m = dir.resolve(ModelDirectory.MANIFEST);
        JsonObject manifest = com.google.gson.JsonParser.parseString(Files.readString(m)).getAsJsonObject();
        manifest.getAsJsonObject("arrays").getAsJsonObject("theta").addProperty("file", file);
        Files.writeString(m, manifest.toString());
    }

    @Test
    void anArrayFileOutsideTheModelIsRefusedBeforeItIsRead() throws IOException {
        Path dir = writeSample("m");
        Files.copy(dir.resolve("theta.f32"), tmp.resolve("theta.f32"));
        for (String outside : new String[] {"../theta.f32", "sub/../../theta.f32", tmp.resolve("theta.f32")
                .toString()}) {
            pointArrayAt(dir, outside);
            assertThatThrownBy(() -> ModelDirectory.open(dir).array("theta")).as(outside)
                    .isInstanceOf(ModelFileException.class).hasMessage(dir.resolve(ModelDirectory.MANIFEST)
                            + ": array file \"" + outside + "\" is outside the model");
        }
    }

    @Test
    void aMissingArrayFileIsNamed() throws IOException {
        Path dir = writeSample("m");
        Files.delete(dir.resolve("theta.f32"));
        assertThatThrownBy(() -> ModelDirectory.open(dir).array("theta")).isInstanceOf(ModelFileException.class)
                .hasMessage(dir.resolve("theta.f32") + ": missing array file");
        assertThatThrownBy(() -> ModelDirectory.open(dir).array("nothing")).isInstanceOf(ModelFileException.class)
                .hasMessage(dir.resolve(ModelDirectory.MANIFEST) + ": no array named \"nothing\"");
    }
}
