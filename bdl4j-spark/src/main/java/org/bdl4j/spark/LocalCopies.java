package org.bdl4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkFiles;
import org.bdl4j.io.TemporaryDirectory;

/**
 * A file or directory named by the user, as a path on this machine: bdl4j's readers take local paths.
 * <ul>
 *   <li>a URI with a scheme ({@code hdfs://}, {@code s3a://}, {@code file://}, ...) is copied through
 *       Hadoop's {@link FileSystem} (this JVM's Hadoop configuration) to a temporary directory, deleted
 *       when the JVM ends;
 *   <li>a path without a scheme is used as it is when it exists here, else looked up among the files
 *       and archives shipped with {@code spark-submit --files/--archives} ({@link SparkFiles#get}).
 * </ul>
 */
final class LocalCopies {
    private LocalCopies() {}

    /**
     * @param what how messages name it, e.g. "model"
     * @throws IllegalArgumentException naming the location when it does not exist
     */
    static Path of(String location, String what) {
        if (hasScheme(location)) {
            return copied(location, what);
        }
        Path local = Path.of(location);
        if (Files.exists(local)) {
            return local;
        }
        Path shipped = Path.of(SparkFiles.get(location));
        if (Files.exists(shipped)) {
            return shipped;
        }
        throw new IllegalArgumentException(what + " " + location + ": not found on this machine, "
                + "nor shipped with --files/--archives under that name");
    }

    /** Whether the location is a URI with a scheme (a Windows drive letter is not one). */
    static boolean hasScheme(String location) {
        try {
            String scheme = new URI(location.replace('\\', '/')).getScheme();
            return scheme != null && scheme.length() > 1;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Path copied(String location, String what) {
        try {
            Path target = TemporaryDirectory.untilExit("bdl4j-");
            org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(location);
            FileSystem fs = source.getFileSystem(new Configuration());
            fs.getFileStatus(source);
            Path copy = target.resolve(source.getName().isEmpty() ? "copy" : source.getName());
            fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(copy.toUri()), true);
            return copy;
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException(what + " " + location + ": not found", e);
        } catch (IOException e) {
            throw new UncheckedIOException(what + " " + location + ": " + e.getMessage(), e);
        }
    }
}
