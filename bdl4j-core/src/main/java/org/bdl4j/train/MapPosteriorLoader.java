package org.bdl4j.train;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code map} model directories (registered as a {@link java.util.ServiceLoader} service). */
public final class MapPosteriorLoader implements PosteriorLoader {
    @Override
    public String method() {
        return MapPosterior.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return MapPosterior.load(directory);
    }
}
