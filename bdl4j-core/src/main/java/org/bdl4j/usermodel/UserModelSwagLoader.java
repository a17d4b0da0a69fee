package org.bdl4j.usermodel;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code user-model-swag} model directories (a {@link java.util.ServiceLoader} service). */
public final class UserModelSwagLoader implements PosteriorLoader {
    @Override
    public String method() {
        return UserModelSwag.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return UserModelSwag.load(directory);
    }
}
