package org.bdl4j.io;

import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.bdl4j.Posterior;

/** Loads any saved posterior, dispatching on the manifest's {@code method}. */
public final class Posteriors {
    private Posteriors() {}

    /**
     * Opens {@code dir} and rebuilds its posterior.
     *
     * @throws ModelFileException (one line) if the directory is missing, foreign, corrupt or of an
     *     unknown method
     */
    public static Posterior load(Path dir) {
        ModelDirectory md = ModelDirectory.open(dir);
        String method = md.method();
        TreeSet<String> known = new TreeSet<>();
        for (PosteriorLoader loader : ServiceLoader.load(PosteriorLoader.class)) {
            if (loader.method().equals(method)) {
                return loader.load(md);
            }
            known.add(loader.method());
        }
        throw new ModelFileException(md.path().resolve(ModelDirectory.MANIFEST) + ": unknown method '" + method
                + "' (this bdl4j reads " + String.join(", ", known) + ")");
    }
}
