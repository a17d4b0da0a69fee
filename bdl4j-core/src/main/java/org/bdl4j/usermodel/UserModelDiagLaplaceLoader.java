package org.bdl4j.usermodel;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code user-model-laplace-diag} model directories (a {@link java.util.ServiceLoader} service). */
public final class UserModelDiagLaplaceLoader implements PosteriorLoader {
    @Override
    public String method() {
        return UserModelDiagLaplace.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return UserModelDiagLaplace.load(directory);
    }
}
