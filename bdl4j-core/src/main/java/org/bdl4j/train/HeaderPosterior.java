package org.bdl4j.train;

import java.util.Objects;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.Provenance;
import org.bdl4j.io.ModelHeader;

/**
 * A posterior whose description is a {@link ModelHeader}: its method, schema, likelihood, seed and
 * provenance are the header's, answered here once for every posterior of bdl4j's networks.
 */
public abstract class HeaderPosterior implements Posterior {
    private final ModelHeader header;

    protected HeaderPosterior(ModelHeader header) {
        this.header = Objects.requireNonNull(header, "header");
    }

    /** Method, likelihood, schema, structure, seed and provenance: what the model file starts with. */
    public ModelHeader header() {
        return header;
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
        return header.provenance();
    }

    public Likelihood likelihood() {
        return header.likelihood();
    }

    /** The seed of the model's random choices. */
    public long seed() {
        return header.seed();
    }
}
