package org.bdl4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files of unsigned bytes (the MNIST / Fashion-MNIST format): {@code idx3-ubyte} images and
 * {@code idx1-ubyte} labels, gzip-compressed or plain (told apart by the gzip magic bytes
 * {@code 1f 8b}, not by the file name).
 *
 * <p>Layout: a big-endian 32-bit magic {@code 0x000008NN} (type 0x08 = unsigned byte, NN = number of
 * dimensions), NN big-endian 32-bit dimension sizes, then the product of the sizes in bytes, row-major.
 * The magic, the sizes and the exact length are checked: a short file, trailing bytes or a wrong magic
 * raise a {@link DataException} naming the file and the expected and found values.
 */
public final class IdxReader {
    /** Magic of a 3-dimensional unsigned-byte array (images: count x rows x columns). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of a 1-dimensional unsigned-byte array (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /**
     * An IDX array of unsigned bytes.
     *
     * @param dims the dimension sizes (e.g. {@code [60000, 28, 28]}); not copied
     * @param data the values, row-major; read them as {@code b & 0xff}; not copied
     */
    public record IdxArray(int[] dims, byte[] data) {
        /** Value {@code i} of the flat data as 0..255. */
        public int unsigned(int i) {
            return data[i] & 0xff;
        }
    }

    /** Reads an {@code idx3-ubyte} file (magic 0x00000803). */
    public static IdxArray readImages(Path file) {
        return read(file, IMAGES_MAGIC);
    }

    /** Reads an {@code idx1-ubyte} file (magic 0x00000801). */
    public static IdxArray readLabels(Path file) {
        return read(file, LABELS_MAGIC);
    }

    /** Reads an unsigned-byte IDX file whose magic must be {@code expectedMagic}. */
    public static IdxArray read(Path file, int expectedMagic) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new DataException(source + ": no such file");
        }
        try (InputStream in = open(file)) {
            boolean gzip = in instanceof GZIPInputStream;
            int ndim = expectedMagic & 0xff;
            byte[] header = new byte[4 + 4 * ndim];
            int got = readFully(in, header);
            if (got < 4) {
                throw new DataException(source + ": too short for an IDX file: " + got + " bytes");
            }
            int magic = intAt(header, 0);
            if (magic != expectedMagic) {
                throw new DataException(source + ": not an IDX file of " + ndim + "-dimensional unsigned bytes: magic "
                        + hex(magic) + ", expected " + hex(expectedMagic));
            }
            if (got < header.length) {
                throw truncated(source, header.length, got, gzip);
            }
            int[] dims = new int[ndim];
            long size = 1;
            for (int k = 0; k < ndim; k++) {
                dims[k] = intAt(header, 4 + 4 * k);
                if (dims[k] < 0) {
                    throw new DataException(source + ": dimension " + k + " is too large: "
                            + Integer.toUnsignedString(dims[k]));
                }
                size *= dims[k];
                if (size > Integer.MAX_VALUE - 8) {
                    throw new DataException(source + ": dimensions " + Arrays.toString(Arrays.copyOf(dims, k + 1))
                            + " are too large for one array");
                }
            }
            byte[] data = new byte[(int) size];
            int read = readFully(in, data);
            if (read < data.length) {
                throw truncated(source, header.length + size, header.length + (long) read, gzip);
            }
            if (in.read() != -1) {
                throw new DataException(source + ": has bytes after the expected end (" + (header.length + size)
                        + " bytes for dimensions " + Arrays.toString(dims) + ")");
            }
            return new IdxArray(dims, data);
        } catch (EOFException e) {
            throw new DataException(source + ": truncated gzip stream: " + e.getMessage(), e);
        } catch (ZipException e) {
            throw new DataException(source + ": corrupt gzip data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataException(source + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(raw, 1 << 16);
        }
        return raw;
    }

    /** Reads until {@code buf} is full or the data ends (a truncated gzip stream counts as an end). */
    private static int readFully(InputStream in, byte[] buf) throws IOException {
        int off = 0;
        try {
            while (off < buf.length) {
                int r = in.read(buf, off, buf.length - off);
                if (r < 0) {
                    break;
                }
                off += r;
            }
        } catch (EOFException e) {
            // GZIPInputStream signals a cut-off stream this way; report the bytes obtained
        }
        return off;
    }

    private static DataException truncated(String source, long expected, long found, boolean gzip) {
        return new DataException(source + ": truncated: expected " + expected + " bytes, found " + found
                + (gzip ? " (uncompressed)" : ""));
    }

    private static int intAt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
