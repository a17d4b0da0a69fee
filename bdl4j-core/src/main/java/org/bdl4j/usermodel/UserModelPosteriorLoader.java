package org.bdl4j.usermodel;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code user-model} model directories (registered as a {@link java.util.ServiceLoader} service). */
public final class UserModelPosteriorLoader implements PosteriorLoader {
    @Override
    public String method() {
        return UserModelPosterior.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return UserModelPosterior.load(directory);
    }
}
