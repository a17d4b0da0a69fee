package org.bdl4j.vi;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code vi} model directories (registered as a {@link java.util.ServiceLoader} service). */
public final class ViPosteriorLoader implements PosteriorLoader {
    @Override
    public String method() {
        return Vi.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return ViPosterior.load(directory);
    }
}
