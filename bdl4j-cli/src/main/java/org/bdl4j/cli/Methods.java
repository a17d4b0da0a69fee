package org.bdl4j.cli;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.dropout.McDropout;
import org.bdl4j.dropout.McDropoutOptions;
import org.bdl4j.ensemble.DeepEnsemble;
import org.bdl4j.laplace.LaplacePosterior;
import org.bdl4j.mcmc.Hmc;
import org.bdl4j.mcmc.Sgld;
import org.bdl4j.swag.Swag;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.vi.Prior;
import org.bdl4j.vi.Vi;
import org.bdl4j.vi.ViListener;

/**
 * The methods {@code bdl4j fit} and {@code compare} know, by command-line name (DESIGN.md), with the
 * likelihoods each supports; {@code compare} and {@code demo} list them in this order.
 */
final class Methods {
    /** Fits one method's posterior. */
    interface Fitter {
        Posterior fit(FitRequest request);
    }

    private record Entry(Fitter fitter, Set<Likelihood> likelihoods) {}

    private static final Map<String, Entry> AVAILABLE = new LinkedHashMap<>();

    static {
        Set<Likelihood> all = EnumSet.allOf(Likelihood.class);
        Set<Likelihood> homoscedastic = EnumSet.of(Likelihood.CATEGORICAL, Likelihood.GAUSSIAN);
        AVAILABLE.put(MapPosterior.METHOD, new Entry(FitRequest::fitMap, all));
        AVAILABLE.put("mc-dropout", new Entry(r -> McDropout.fit(r.train(), r.validation(), r.likelihood(), r.network(),
                r.standardize(), r.trainer(), r.seed(), McDropoutOptions.builder().optSamples(r.options().samples)
                        .build()), all));
        AVAILABLE.put("ensemble", new Entry(r -> DeepEnsemble.fit(r.train(), r.validation(), r.likelihood(),
                r.network(), r.standardize(), r.trainer(), r.seed(), r.options().ensemble()), all));
        AVAILABLE.put(LaplacePosterior.METHOD, new Entry(Methods::laplace, homoscedastic));
        AVAILABLE.put("vi", new Entry(Methods::vi, homoscedastic));
        AVAILABLE.put("swag", new Entry(r -> Swag.fit(r.train(), r.validation(), r.likelihood(), r.network(),
                r.standardize(), r.trainer(), r.options().samples, r.seed()), homoscedastic));
        AVAILABLE.put("sgld", new Entry(r -> Sgld.fit(r.train(), r.validation(), r.likelihood(), r.network(),
                r.standardize(), r.trainer(), r.options().samples, r.seed()), homoscedastic));
        AVAILABLE.put("hmc", new Entry(r -> Hmc.fit(r.train(), r.validation(), r.likelihood(), r.network(),
                r.standardize(), r.trainer(), r.options().samples, r.seed()), homoscedastic));
    }

    private Methods() {}

    /** The fitter of {@code name}, or a one-line error naming the available methods. */
    static Fitter get(String name) {
        Entry e = AVAILABLE.get(name);
        if (e == null) {
            throw new CliException("--method must be one of " + String.join(", ", AVAILABLE.keySet()) + ", found '"
                    + name + "'");
        }
        return e.fitter();
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
            return r.laplace().builder(map, r.validation()).optSamples(r.options().samples).optSeed(r.seed()).build()
                    .fitTakingOwnership(r.train());
        } catch (RuntimeException e) {
            map.close();
            throw e;
        }
    }

    private static Posterior vi(FitRequest r) {
        MethodOptions o = r.options();
        Vi.Builder b = Vi.builder().optSamples(o.samples).optSeed(r.seed()).optEstimator(o.estimator())
                .optKlWeight(o.klWeight).optKlWarmupEpochs(o.klWarmupEpochs).optEpochs(o.viEpochs)
                .optInit(o.viInit());
        if (o.mopedDelta != null) {
            b.optMopedDelta(o.mopedDelta);
        }
        Prior prior = o.viPrior();
        if (prior != null) {
            b.optPrior(prior);
        } else if (o.priorSigma != null) {
            b.optPriorSigma(o.priorSigma);
        }
        r.trainer().listeners().stream().filter(ViListener.class::isInstance).map(ViListener.class::cast)
                .forEach(b::addListener);
        Vi vi = b.build();
        try (MapPosterior map = r.fitMap()) {
            return vi.fit(map, r.train());
        }
    }
}
