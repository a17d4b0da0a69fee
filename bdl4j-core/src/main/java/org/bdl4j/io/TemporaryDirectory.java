package org.bdl4j.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A directory under the system's temporary directory that is deleted, with everything in it, when it
 * is closed; or, for files that must outlive every caller ({@link #untilExit}), when the JVM exits
 * normally. {@link #delete} is the recursive deletion both use: it removes a symbolic link, never what
 * the link points to.
 */
public final class TemporaryDirectory implements AutoCloseable {
    private final Path path;

    private TemporaryDirectory(Path path) {
        this.path = path;
    }

    /** A new empty directory whose name starts with {@code prefix}, deleted by {@link #close()}. */
    public static TemporaryDirectory create(String prefix) throws IOException {
        return new TemporaryDirectory(Files.createTempDirectory(prefix));
    }

    /** A new empty directory whose name starts with {@code prefix}, deleted when the JVM exits normally. */
    public static Path untilExit(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                delete(dir);
            } catch (IOException | UncheckedIOException e) {
                // the JVM is exiting: a file another process still holds open stays behind
            }
        }, "delete " + dir.getFileName()));
        return dir;
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /** {@code name} inside the directory. */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close() throws IOException {
        delete(path);
    }

    /**
     * Deletes {@code p} and, if it is a directory (not a link to one), everything in it; nothing when it
     * does not exist.
     */
    public static void delete(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                for (Path c : children) {
                    delete(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
