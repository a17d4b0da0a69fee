package org.bdl4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bdl4j.Posterior;
import org.bdl4j.train.MapPosterior;

/**
 * The methods {@code bdl4j fit} and {@code compare} know, by command-line name. Methods of the design
 * that are not in this build yet are named in the error, so a script learns what is missing.
 */
final class Methods {
    /** Fits one method's posterior. */
    interface Fitter {
        Posterior fit(FitRequest request);
    }

    private static final Map<String, Fitter> AVAILABLE = new LinkedHashMap<>();
    private static final String[] PLANNED = {"map", "mc-dropout", "ensemble", "laplace", "vi", "swag", "sgld", "hmc"};

    static {
        AVAILABLE.put(MapPosterior.METHOD, r -> MapPosterior.fit(r.train(), r.validation(), r.likelihood(), r.network(),
                r.standardize(), r.trainer(), r.seed()));
    }

    private Methods() {}

    static Fitter get(String name) {
        Fitter f = AVAILABLE.get(name);
        if (f != null) {
            return f;
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

    /** The names of the available methods, in table order. */
    static Iterable<String> names() {
        return AVAILABLE.keySet();
    }
}
