package org.bdl4j.method;

import java.util.List;
import java.util.Set;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.io.PosteriorLoader;
import org.bdl4j.options.OptionDescriptor;

/**
 * One way of approximating the posterior over a network's weights, as a service: its name, the
 * likelihoods it fits, its options, how it fits a {@link FitRequest} and how it reads its saved
 * models back. Methods are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.bdl4j.method.PosteriorMethod}), so the command line, {@code compare},
 * the benchmarks and the applications fit any of them alike through {@link Methods}, and a new method
 * is one class and one line in a service file.
 *
 * <p>In the spirit of posteriors' uniform {@code build(...)} (Normal Computing) and BoTorch's single
 * {@code posterior(X)}: one request in, one {@link Posterior} out.
 */
public interface PosteriorMethod extends PosteriorLoader {

    /** The method's name on the command line and in model files, e.g. {@code laplace}. */
    String name();

    /** One line for listings and help, e.g. "last-layer or full Laplace approximation at the MAP". */
    String summary();

    /** The likelihoods this method fits. */
    Set<Likelihood> likelihoods();

    /** This method's own options (the request's common ones are {@link FitRequest#OPTIONS}). */
    List<OptionDescriptor<?>> options();

    /**
     * Whether the method starts from a fitted MAP network (a post-hoc method). If so,
     * {@link Methods#fit} hands it a request whose {@link FitRequest#map()} is that MAP: the one given
     * as the base, or one trained from the request.
     */
    boolean startsFromMap();

    /** Where listings put the method (smaller first; ties by name). */
    default int order() {
        return 1000;
    }

    /**
     * Checks the request's option values for this method without fitting anything (cheap), so that a
     * bad value stops a command before any training. The default checks nothing beyond the descriptors'
     * rules.
     *
     * @throws org.bdl4j.options.InvalidOptionException naming the option at fault
     */
    default void validate(FitRequest request) {}

    /**
     * Fits the posterior. The returned posterior is the caller's to close, and does not depend on the
     * request's base staying open.
     *
     * @throws IllegalArgumentException for data or options the method cannot use
     */
    Posterior fit(FitRequest request);

    @Override
    default String method() {
        return name();
    }
}
