package org.bdl4j.mcmc;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code sgld} model directories (registered as a {@link java.util.ServiceLoader} service). */
public final class SgldPosteriorLoader implements PosteriorLoader {
    @Override
    public String method() {
        return Sgld.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return SampleEnsemblePosterior.load(directory);
    }
}
