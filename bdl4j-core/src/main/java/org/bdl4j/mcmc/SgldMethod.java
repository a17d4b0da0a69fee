package org.bdl4j.mcmc;

import java.util.EnumSet;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.RegisteredMethod;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Rule;

/**
 * Stochastic gradient Langevin dynamics ({@link Sgld}), constant or cyclical, as a method of the
 * registry: the chain starts at the request's MAP. The descriptors here are the one home of SGLD's
 * defaults and rules; {@link Sgld.Builder} checks with them.
 */
public final class SgldMethod extends RegisteredMethod {
    public static final OptionDescriptor<Integer> SAMPLES = OptionDescriptor.integer("samples", 100)
            .withRule(Rule.atLeast(1)).withLabel("S").withHelp("Weight samples kept (and used at prediction).");
    public static final OptionDescriptor<Double> STEP_SIZE = OptionDescriptor.number("sgld-step-size", null)
            .withRule(Rule.greaterThan(0)).withDefaultText("0.5/h_max")
            .withHelp("SGLD: the step size ε (the cycle's largest, if cyclical); by default 0.5 over the largest"
                    + " curvature of U at the MAP.");
    public static final OptionDescriptor<Integer> BATCH_SIZE = OptionDescriptor.integer("sgld-batch-size", 32)
            .withRule(Rule.atLeast(1)).withLabel("N").withHelp("SGLD: minibatch size.");
    public static final OptionDescriptor<Integer> BURN_IN = OptionDescriptor.integer("sgld-burn-in", 1000)
            .withRule(Rule.atLeast(0)).withLabel("N").withHelp("SGLD, constant schedule: steps discarded first.");
    public static final OptionDescriptor<Integer> THINNING = OptionDescriptor.integer("sgld-thinning", 50)
            .withRule(Rule.atLeast(1)).withLabel("K").withHelp("SGLD: keep every K-th step's weights.");
    public static final OptionDescriptor<Integer> CYCLES = OptionDescriptor.integer("sgld-cycles", 0)
            .withRule(Rule.atLeast(0)).withLabel("M")
            .withHelp("Cyclical SGLD (Zhang et al. 2020) with M cosine cycles; 0 = a constant step size.");
    public static final OptionDescriptor<Double> EXPLORATION = OptionDescriptor.number("sgld-exploration", 0.5)
            .withRule(Rule.interval(0, true, 1, false)).withLabel("B")
            .withHelp("Cyclical SGLD: the fraction of each cycle spent exploring (no noise, no samples).");

    public SgldMethod() {
        super(Sgld.METHOD, "stochastic gradient Langevin dynamics from the MAP, or cyclical", EnumSet.of(Likelihood.CATEGORICAL, Likelihood.GAUSSIAN), true, 60, SAMPLES, STEP_SIZE, BATCH_SIZE, BURN_IN, THINNING, CYCLES,
                EXPLORATION, SamplerPrior.FAMILY, SamplerPrior.SCALE);
    }

    @Override
    public void validate(FitRequest request) {
        OptionValues o = request.options();
        sgld(o, 0);
    }

    @Override
    public Posterior fit(FitRequest request) {
        return sgld(request.options(), request.seed()).fit(request.map(), request.train(),
                request.validation().orElse(null));
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return SampleEnsemblePosterior.load(directory);
    }

    static Sgld sgld(OptionValues o, long seed) {
        Sgld.Builder b = Sgld.builder().optSamples(o.get(SAMPLES)).optSeed(seed).optStepSize(o.get(STEP_SIZE))
                .optBatchSize(o.get(BATCH_SIZE)).optBurnIn(o.get(BURN_IN)).optThinning(o.get(THINNING))
                .optCyclical(o.get(CYCLES), o.get(EXPLORATION))
                .optPrior(SamplerPrior.fromOptions(o)); // --prior-precision also for a MAP loaded from disk
        return b.build();
    }
}
