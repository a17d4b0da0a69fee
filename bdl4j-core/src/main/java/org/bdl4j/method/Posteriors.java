package org.bdl4j.method;

import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.io.PosteriorLoader;

/**
 * Loads any saved posterior, dispatching on the manifest's {@code method}: to the
 * {@link PosteriorMethod} of that name ({@link Methods}), or to another {@link PosteriorLoader}
 * service (models that are not fitted by a method, e.g. a calibrated posterior).
 */
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
        for (PosteriorMethod m : Methods.all()) {
            if (m.name().equals(method)) {
                return m.load(md);
            }
            known.add(m.name());
        }
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
