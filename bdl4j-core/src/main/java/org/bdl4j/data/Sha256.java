package org.bdl4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests, hex-encoded: of bytes, and of files read in turn (as if concatenated). */
public final class Sha256 {
    private Sha256() {}

    public static String of(byte[] bytes) {
        MessageDigest md = digest();
        md.update(bytes);
        return HexFormat.of().formatHex(md.digest());
    }

    /** The digest of the files' bytes one after the other. */
    public static String ofFiles(Path... files) {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buf)) > 0;) {
                    md.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
