package org.bdl4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsImagesAndLabelsPlainOrGzip(boolean gzip) throws IOException {
        byte[] pixels = ramp(2 * 3 * 4);
        Path images = IdxFiles.write(dir.resolve("img"), IdxFiles.idx(0x803, new int[] {2, 3, 4}, pixels), gzip);
        IdxReader.IdxArray a = IdxReader.readImages(images);
        assertThat(a.dims()).containsExactly(2, 3, 4);
        assertThat(a.data()).isEqualTo(pixels);
        assertThat(a.unsigned(7)).isEqualTo((7 * 37) & 0xff);

        Path labels = IdxFiles.write(dir.resolve("lab.gz"), IdxFiles.idx(0x801, new int[] {3}, new byte[] {9, 0, (byte) 200}),
                gzip);
        IdxReader.IdxArray l = IdxReader.readLabels(labels);
        assertThat(l.dims()).containsExactly(3);
        assertThat(l.unsigned(2)).isEqualTo(200);
    }

    @Test
    void wrongMagic() throws IOException {
        Path labels = IdxFiles.write(dir.resolve("labels"), IdxFiles.idx(0x801, new int[] {2}, new byte[2]), false);
        assertThatThrownBy(() -> IdxReader.readImages(labels)).isInstanceOf(DataException.class)
                .hasMessage(labels + ": not an IDX file of 3-dimensional unsigned bytes: magic 0x00000801, expected 0x00000803");
        Path text = IdxFiles.write(dir.resolve("text.gz"), "hello world, not idx".getBytes(), true);
        assertThatThrownBy(() -> IdxReader.readLabels(text)).isInstanceOf(DataException.class)
                .hasMessage(text + ": not an IDX file of 1-dimensional unsigned bytes: magic 0x68656c6c, expected 0x00000801");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedData(boolean gzip) throws IOException {
        byte[] full = IdxFiles.idx(0x803, new int[] {10, 28, 28}, ramp(10 * 784));
        Path p = IdxFiles.write(dir.resolve("short"), Arrays.copyOf(full, 1000), gzip);
        assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(DataException.class)
                .hasMessage(p + ": truncated: expected 7856 bytes, found 1000" + (gzip ? " (uncompressed)" : ""));
    }

    @Test
    void truncatedGzipStream() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.idx(0x803, new int[] {10, 28, 28}, ramp(10 * 784)));
        Path p = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2), false);
        assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(p + ": truncated: expected 7856 bytes, found ")
                .hasMessageEndingWith(" (uncompressed)");
    }

    @Test
    void truncatedHeaderAndEmptyFile() throws IOException {
        byte[] full = IdxFiles.idx(0x803, new int[] {1, 2, 2}, new byte[4]);
        Path p = IdxFiles.write(dir.resolve("head"), Arrays.copyOf(full, 9), false);
        assertThatThrownBy(() -> IdxReader.readImages(p)).hasMessage(p + ": truncated: expected 16 bytes, found 9");
        Path e = IdxFiles.write(dir.resolve("empty"), new byte[0], false);
        assertThatThrownBy(() -> IdxReader.readImages(e)).hasMessage(e + ": too short for an IDX file: 0 bytes");
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] full = IdxFiles.idx(0x801, new int[] {3}, new byte[5]);
        Path p = IdxFiles.write(dir.resolve("long"), full, false);
        assertThatThrownBy(() -> IdxReader.readLabels(p)).isInstanceOf(DataException.class)
                .hasMessage(p + ": has bytes after the expected end (11 bytes for dimensions [3])");
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("none");
        assertThatThrownBy(() -> IdxReader.readLabels(p)).isInstanceOf(DataException.class).hasMessage(p + ": no such file");
    }
}
