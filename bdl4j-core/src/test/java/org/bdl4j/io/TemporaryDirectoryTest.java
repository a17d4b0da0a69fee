package org.bdl4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporaryDirectoryTest {

    /** Closing removes the directory with its files and subdirectories. */
    @Test
    void closeDeletesEverythingInside() throws Exception {
        Path dir;
        try (TemporaryDirectory t = TemporaryDirectory.create("bdl4j-tempdir-test-")) {
            dir = t.path();
            Files.createDirectories(t.resolve("a/b"));
            Files.writeString(t.resolve("a/b/c.txt"), "x");
            Files.writeString(t.resolve("d.txt"), "y");
            assertThat(dir).isDirectory();
        }
        assertThat(dir).doesNotExist();
    }

    /** A link inside is removed as a link: the directory it points to and its files stay. */
    @Test
    void deleteDoesNotFollowLinks(@TempDir Path outside) throws Exception {
        Path kept = Files.writeString(outside.resolve("kept.txt"), "keep me");
        Path dir;
        try (TemporaryDirectory t = TemporaryDirectory.create("bdl4j-tempdir-test-")) {
            dir = t.path();
            Files.createSymbolicLink(t.resolve("link"), outside);
        }
        assertThat(dir).doesNotExist();
        assertThat(kept).hasContent("keep me");
    }

    /** Deleting what does not exist is not an error. */
    @Test
    void deletingAMissingPathDoesNothing(@TempDir Path parent) throws Exception {
        TemporaryDirectory.delete(parent.resolve("never-created"));
        assertThat(parent).isEmptyDirectory();
    }
}
