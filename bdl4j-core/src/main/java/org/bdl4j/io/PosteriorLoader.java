package org.bdl4j.io;

import org.bdl4j.Posterior;

/**
 * Reads the posteriors of one method back from model directories. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.bdl4j.io.PosteriorLoader}), so that
 * this package never imports the method packages.
 */
public interface PosteriorLoader {
    /** The method name written in manifests, e.g. {@code map}. */
    String method();

    /** Rebuilds the posterior from an opened, format-checked directory. */
    Posterior load(ModelDirectory directory);
}
