package org.bdl4j.ensemble;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code ensemble} model directories (registered as a {@link java.util.ServiceLoader} service). */
public final class DeepEnsembleLoader implements PosteriorLoader {
    @Override
    public String method() {
        return DeepEnsemble.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return DeepEnsemble.load(directory);
    }
}
