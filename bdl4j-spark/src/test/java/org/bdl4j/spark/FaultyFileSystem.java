package org.bdl4j.spark;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local file system under the scheme {@code faulty:}, found by Hadoop's service loader (see
 * {@code META-INF/services/org.apache.hadoop.fs.FileSystem} of the test resources), that fails one
 * write: once {@link #failNext} names a file, the next stream that creates a file of that name dies
 * with an {@link IOException} after {@value #BYTES_BEFORE_FAILURE} bytes, as a task killed in the
 * middle of writing would, leaving a half-written file behind. Tasks of {@code local[N, F]} run in
 * the test's JVM, so the fault is armed and observed through static state.
 */
public final class FaultyFileSystem extends RawLocalFileSystem {
    static final int BYTES_BEFORE_FAILURE = 100;
    private static final AtomicReference<String> armed = new AtomicReference<>();
    private static final AtomicReference<Path> failed = new AtomicReference<>();

    /** Arms the fault for the next file created under this name. */
    static void failNext(String fileName) {
        failed.set(null);
        armed.set(fileName);
    }

    /** The file whose writing failed since {@link #failNext}, or null. */
    static Path failedFile() {
        return failed.get();
    }

    @Override
    public String getScheme() {
        return "faulty";
    }

    @Override
    public URI getUri() {
        return URI.create("faulty:///");
    }

    @Override
    protected OutputStream createOutputStream(Path f, boolean append) throws IOException {
        return maybeFaulty(f, super.createOutputStream(f, append));
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission)
            throws IOException {
        return maybeFaulty(f, super.createOutputStreamWithMode(f, append, permission));
    }

    private static OutputStream maybeFaulty(Path f, OutputStream out) {
        String name = armed.get();
        if (name == null || !f.getName().equals(name) || !armed.compareAndSet(name, null)) {
            return out;
        }
        return new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                if (written == BYTES_BEFORE_FAILURE) {
                    failed.set(f);
                    throw new IOException("simulated task failure while writing " + f);
                }
                out.write(b);
                written++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    write(b[off + i]);
                }
            }
        };
    }
}
