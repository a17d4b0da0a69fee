package org.bdl4j.method;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bdl4j.Likelihood;
import org.bdl4j.options.OptionDescriptor;

/**
 * A {@link PosteriorMethod} whose description (name, summary, likelihoods, options, whether it
 * starts from a MAP, listing order) is given once, to the constructor; a subclass adds how it fits
 * and loads.
 */
public abstract class RegisteredMethod implements PosteriorMethod {
    private final String name;
    private final String summary;
    private final Set<Likelihood> likelihoods;
    private final boolean startsFromMap;
    private final int order;
    private final List<OptionDescriptor<?>> options;

    /**
     * @param startsFromMap whether it is a post-hoc method (see {@link PosteriorMethod#startsFromMap})
     * @param order its place in listings (smaller first)
     */
    protected RegisteredMethod(String name, String summary, Set<Likelihood> likelihoods, boolean startsFromMap,
            int order, OptionDescriptor<?>... options) {
        this.name = Objects.requireNonNull(name, "name");
        this.summary = Objects.requireNonNull(summary, "summary");
        this.likelihoods = Collections.unmodifiableSet(EnumSet.copyOf(likelihoods)); // in declaration order
        this.startsFromMap = startsFromMap;
        this.order = order;
        this.options = List.of(options);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String summary() {
        return summary;
    }

    @Override
    public final Set<Likelihood> likelihoods() {
        return likelihoods;
    }

    @Override
    public final List<OptionDescriptor<?>> options() {
        return options;
    }

    @Override
    public final boolean startsFromMap() {
        return startsFromMap;
    }

    @Override
    public final int order() {
        return order;
    }
}
