package org.bdl4j.cli;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.laplace.LaplacePosterior;
import org.bdl4j.train.MapPosterior;

/**
 * The methods {@code bdl4j fit} and {@code compare} know, by command-line name, with the likelihoods
 * each supports. Methods of the design that are not in this build yet are named in the error, so a
 * script learns what is missing.
 */
final class Methods {
    /** Fits one method's posterior. */
    interface Fitter {
        Posterior fit(FitRequest request);
    }

    private record Entry(Fitter fitter, Set<Likelihood> likelihoods) {}

    private static final Map<String, Entry> AVAILABLE = new LinkedHashMap<>();
    private static final String[] PLANNED = {"map", "mc-dropout", "ensemble", "laplace", "vi", "swag", "sgld", "hmc"};

    static {
        AVAILABLE.put(MapPosterior.METHOD, new Entry(FitRequest::fitMap, EnumSet.allOf(Likelihood.class)));
        AVAILABLE.put(LaplacePosterior.METHOD, new Entry(Methods::laplace,
                EnumSet.of(Likelihood.CATEGORICAL, Likelihood.GAUSSIAN)));
    }

    private Methods() {}

    /** The fitter of {@code name}, or a one-line error naming the available methods. */
    static Fitter get(String name) {
        Entry e = AVAILABLE.get(name);
        if (e != null) {
            return e.fitter();
        }
        for (String p : PLANNED) {
            if (p.equals(name)) {
                throw new CliException("--method '" + name + "' is not available in this build yet (available: "
                        + String.join(", ", AVAILABLE.keySet()) + ")");
            }
        }
        throw new CliException("--method must be one of " + String.join(", ", AVAILABLE.keySet()) + ", found '" + name
                + "'");
    }

    /** Whether {@code name} fits models with this likelihood. */
    static boolean supports(String name, Likelihood likelihood) {
        Entry e = AVAILABLE.get(name);
        return e != null && e.likelihoods().contains(likelihood);
    }

    /** The available methods that support {@code likelihood}, in table order. */
    static List<String> namesFor(Likelihood likelihood) {
        return AVAILABLE.keySet().stream().filter(n -> supports(n, likelihood)).toList();
    }

    private static Posterior laplace(FitRequest r) {
        MapPosterior map = r.fitMap();
        try {
            return r.laplace().builder(map).optSamples(r.options().samples).optSeed(r.seed()).build()
                    .fitTakingOwnership(r.train());
        } catch (RuntimeException e) {
            map.close();
            throw e;
        }
    }
}
