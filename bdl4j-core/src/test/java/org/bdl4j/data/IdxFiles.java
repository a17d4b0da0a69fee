package org.bdl4j.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests (written independently of {@link IdxReader}). */
final class IdxFiles {
    private IdxFiles() {
    }

    /** The bytes of an IDX file: magic, dims, data. */
    static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        out.flush();
        return b.toByteArray();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(b)) {
            out.write(bytes);
        }
        return b.toByteArray();
    }

    static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
        Files.write(file, gzip ? gzip(bytes) : bytes);
        return file;
    }

    /** Writes {@code prefix}-images / -labels files of n 28x28 images (pixel (i, k) = (i * 7 + k) mod 256). */
    static void writeFashion(Path dir, String prefix, int n, boolean gzip) throws IOException {
        byte[] pixels = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 784; k++) {
                pixels[i * 784 + k] = (byte) ((i * 7 + k) % 256);
            }
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        String ext = gzip ? ".gz" : "";
        write(dir.resolve(prefix + "-images-idx3-ubyte" + ext), idx(0x803, new int[] {n, 28, 28}, pixels), gzip);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), idx(0x801, new int[] {n}, labels), gzip);
    }
}
