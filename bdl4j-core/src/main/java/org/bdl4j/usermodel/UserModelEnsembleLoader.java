package org.bdl4j.usermodel;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code user-model-ensemble} model directories (a {@link java.util.ServiceLoader} service). */
public final class UserModelEnsembleLoader implements PosteriorLoader {
    @Override
    public String method() {
        return UserModelEnsemble.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return UserModelEnsemble.load(directory);
    }
}
