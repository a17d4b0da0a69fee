package org.bdl4j.usermodel;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code user-model-mc-dropout} model directories (a {@link java.util.ServiceLoader} service). */
public final class UserModelMcDropoutLoader implements PosteriorLoader {
    @Override
    public String method() {
        return UserModelMcDropout.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return UserModelMcDropout.load(directory);
    }
}
