package org.bdl4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.Provenance;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.nn.NetworkSpec;

/**
 * A posterior whose description is a {@link ModelHeader}: its method, schema, likelihood, seed and
 * provenance are the header's, answered here once for every posterior of bdl4j's networks.
 */
public abstract class HeaderPosterior implements Posterior {
    private final ModelHeader header;
    private final List<String> warnings = new ArrayList<>();

    protected HeaderPosterior(ModelHeader header) {
        this.header = Objects.requireNonNull(header, "header");
    }

    /**
     * Checks that a network of structure {@code spec} and the Gaussian noise {@code sigmaNoise} fit
     * the header: the header's structure, and σ &gt; 0 for the homoscedastic Gaussian likelihood.
     */
    protected final void checkFits(NetworkSpec spec, double sigmaNoise) {
        if (!spec.equals(header.network())) {
            throw new IllegalArgumentException("the network is " + spec + ", the header says " + header.network());
        }
        if (header.likelihood() == Likelihood.GAUSSIAN && !(sigmaNoise > 0)) {
            throw new IllegalArgumentException("a Gaussian likelihood needs a noise sigma > 0, found " + sigmaNoise);
        }
    }

    /**
     * Method, likelihood, schema, structure, seed and provenance, with the warnings noted since the
     * posterior was made: what the model file starts with.
     */
    public ModelHeader header() {
        return header.withWarnings(warnings);
    }

    /**
     * Notes what the user should know about this fit: kept in the provenance (and so in the model
     * file), and shown by the command line.
     */
    protected final void warn(String message) {
        if (!warnings.contains(message)) {
            warnings.add(message);
        }
    }

    @Override
    public String method() {
        return header.method();
    }

    @Override
    public ModelSchema schema() {
        return header.schema();
    }

    @Override
    public Provenance provenance() {
        return header().provenance();
    }

    public Likelihood likelihood() {
        return header.likelihood();
    }

    /** The seed of the model's random choices. */
    public long seed() {
        return header.seed();
    }
}
