package org.bdl4j.method;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.nn.IntraOpThreads;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Words;
import org.bdl4j.train.MapPosterior;

/**
 * The registry of {@link PosteriorMethod}s found on the class path, and the one entry point that
 * fits any of them: {@link #fit(PosteriorMethod, FitRequest)} trains the MAP once for the methods
 * that start from one.
 */
public final class Methods {
    /** The option name under which an unknown method is reported. */
    public static final String METHOD_OPTION = "method";

    private Methods() {}

    /** Every method, in listing order ({@link PosteriorMethod#order()}, then name). */
    public static List<PosteriorMethod> all() {
        List<PosteriorMethod> out = new ArrayList<>();
        ServiceLoader.load(PosteriorMethod.class).forEach(out::add);
        out.sort(Comparator.comparingInt(PosteriorMethod::order).thenComparing(PosteriorMethod::name));
        return out;
    }

    /** The names of every method, in listing order. */
    public static List<String> names() {
        return all().stream().map(PosteriorMethod::name).toList();
    }

    /**
     * The method called {@code name} (case-insensitive).
     *
     * @throws InvalidOptionException {@code method must be map, ... or hmc, found 'magic'}
     */
    public static PosteriorMethod get(String name) {
        for (PosteriorMethod m : all()) {
            if (m.name().equalsIgnoreCase(name.trim())) {
                return m;
            }
        }
        throw InvalidOptionException.mustBe(METHOD_OPTION, "one of " + String.join(", ", names()), name);
    }

    /** The methods that fit {@code likelihood}, in listing order. */
    public static List<PosteriorMethod> supporting(Likelihood likelihood) {
        return all().stream().filter(m -> m.likelihoods().contains(likelihood)).toList();
    }

    /**
     * Checks that {@code method} fits {@code likelihood}.
     *
     * @throws InvalidOptionException naming the method and the likelihood
     */
    public static void checkSupports(PosteriorMethod method, Likelihood likelihood) {
        if (!method.likelihoods().contains(likelihood)) {
            throw new InvalidOptionException(METHOD_OPTION, "{" + METHOD_OPTION + "} " + method.name()
                    + " does not support the " + likelihood.cliName() + " likelihood (it fits "
                    + Words.alternatives(method.likelihoods().stream().map(Likelihood::cliName).toList()) + ")");
        }
    }

    /**
     * Option values given as text by name ({@code "swag-epochs" -> "5"}), parsed and checked by the
     * descriptors of a request ({@link FitRequest#OPTIONS}) and of {@code methods}.
     *
     * @throws InvalidOptionException for an option none of them has, or a bad value
     */
    public static OptionValues parseOptions(Map<String, String> texts, Collection<PosteriorMethod> methods) {
        Map<String, OptionDescriptor<?>> known = new LinkedHashMap<>();
        FitRequest.OPTIONS.forEach(d -> known.putIfAbsent(d.name(), d));
        methods.forEach(m -> m.options().forEach(d -> known.putIfAbsent(d.name(), d)));
        OptionValues values = OptionValues.empty();
        for (Map.Entry<String, String> t : texts.entrySet()) {
            OptionDescriptor<?> d = known.get(t.getKey());
            if (d == null) {
                throw new InvalidOptionException(t.getKey(), "no option '" + t.getKey() + "' (options: "
                        + String.join(", ", known.keySet()) + ")");
            }
            values = parsed(values, d, t.getValue());
        }
        return values;
    }

    private static <T> OptionValues parsed(OptionValues values, OptionDescriptor<T> d, String text) {
        return values.with(d, d.parse(text));
    }

    /** {@link #fit(PosteriorMethod, FitRequest)} of the method called {@code name}. */
    public static Posterior fit(String name, FitRequest request) {
        return fit(get(name), request);
    }

    /**
     * Fits {@code method} on {@code request}. A method that starts from a MAP gets the request's base
     * when that is a fitted MAP; otherwise the MAP is trained from the request first (and closed after).
     * A network too small to split a minibatch step over threads is fitted on one intra-op thread
     * ({@link IntraOpThreads}), its ensemble members and chains still on every core ({@link
     * org.bdl4j.nn.TaskPool}).
     */
    public static Posterior fit(PosteriorMethod method, FitRequest request) {
        checkSupports(method, request.likelihood());
        method.validate(request);
        try (IntraOpThreads threads = IntraOpThreads.forTraining(request.network(), request.trainer().batchSize())) {
            if (!method.startsFromMap()) {
                return method.fit(request);
            }
            return fromMap(request, map -> method.fit(request.withBase(map)));
        }
    }

    /**
     * A post-hoc fit with a typed configuration, e.g. {@code Methods.fromMap(request, map -> swag.fit(map,
     * train))}: {@code posthoc} is applied to the request's base when that is a fitted MAP, else to a MAP
     * trained from the request now (and closed afterwards, so the result must not keep it).
     */
    public static <P extends Posterior> P fromMap(FitRequest request, Function<MapPosterior, P> posthoc) {
        if (request.base().orElse(null) instanceof MapPosterior given) {
            return posthoc.apply(given);
        }
        try (MapPosterior map = MapMethod.train(request)) {
            return posthoc.apply(map);
        }
    }
}
