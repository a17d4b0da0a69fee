package org.bdl4j.laplace;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code laplace} model directories (a {@link java.util.ServiceLoader} service). */
public final class LaplacePosteriorLoader implements PosteriorLoader {
    @Override
    public String method() {
        return LaplacePosterior.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return LaplaceCodec.load(directory);
    }
}
