package org.bdl4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The model directory a command writes ({@code --out}) and whether it may replace one that exists
 * ({@code --force}): without it an existing, non-empty directory is an error before any work, so a
 * model is never replaced by accident.
 */
final class ModelOutput {
    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "The model directory to write.")
    Path out;

    @Option(names = "--force", description = "Replace --out if it exists (the old model is kept until the new one"
            + " is complete).")
    boolean force;

    /** Checks that {@link #out} may be written. */
    void check() {
        checkWritable("--out", out, force);
    }

    /**
     * Checks that the directory {@code dir} of {@code option} may be written: it does not exist, is
     * empty, or {@code force} allows replacing it.
     */
    static void checkWritable(String option, Path dir, boolean force) {
        if (force || !Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new CliException(option + " " + dir + ": exists and is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new CliException(option + " " + dir + ": exists; add --force to replace it");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
