package org.bdl4j.mcmc;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code hmc} model directories (registered as a {@link java.util.ServiceLoader} service). */
public final class HmcPosteriorLoader implements PosteriorLoader {
    @Override
    public String method() {
        return Hmc.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return SampleEnsemblePosterior.load(directory);
    }
}
