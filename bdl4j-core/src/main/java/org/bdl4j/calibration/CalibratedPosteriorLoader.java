package org.bdl4j.calibration;

import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.PosteriorLoader;

/** Reads {@code calibrated} model directories (registered as a {@link java.util.ServiceLoader} service). */
public final class CalibratedPosteriorLoader implements PosteriorLoader {
    @Override
    public String method() {
        return CalibratedPosterior.METHOD;
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return CalibratedPosterior.load(directory);
    }
}
