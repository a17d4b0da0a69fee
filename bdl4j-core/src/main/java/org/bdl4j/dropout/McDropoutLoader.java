package org.bdl4j.dropout;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code mc-dropout} model directories (registered as a {@link java.util.ServiceLoader} service). */
public final class McDropoutLoader implements PosteriorLoader {
    @Override
    public String method() {
        return McDropout.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return McDropout.load(directory);
    }
}
