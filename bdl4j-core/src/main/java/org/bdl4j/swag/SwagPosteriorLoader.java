package org.bdl4j.swag;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code swag} model directories (registered as a {@link java.util.ServiceLoader} service). */
public final class SwagPosteriorLoader implements PosteriorLoader {
    @Override
    public String method() {
        return SwagPosterior.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return SwagPosterior.load(directory);
    }
}
