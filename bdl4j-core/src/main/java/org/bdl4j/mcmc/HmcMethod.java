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
 * Full-batch Hamiltonian Monte Carlo ({@link Hmc}) as a method of the registry: C chains from the
 * request's MAP (or the prior) keep S draws in all. The descriptors here are the one home of HMC's
 * defaults and rules; {@link Hmc.Builder} checks with them.
 */
public final class HmcMethod extends RegisteredMethod {
    public static final OptionDescriptor<Integer> SAMPLES = OptionDescriptor.integer("samples", 100)
            .withRule(Rule.atLeast(1)).withLabel("S")
            .withHelp("Weight samples kept (and used at prediction); HMC: ⌈S/chains⌉ draws per chain.");
    public static final OptionDescriptor<Integer> CHAINS = OptionDescriptor.integer("hmc-chains", 2)
            .withRule(Rule.atLeast(1)).withLabel("C").withHelp("HMC: chains (run in lockstep).");
    public static final OptionDescriptor<Integer> DRAWS = OptionDescriptor.integer("hmc-draws", 100)
            .withRule(Rule.atLeast(1));
    public static final OptionDescriptor<Integer> WARMUP = OptionDescriptor.integer("hmc-warmup", 300)
            .withRule(Rule.atLeast(0)).withLabel("N").withHelp("HMC: warm-up iterations (step-size adaptation).");
    public static final OptionDescriptor<Integer> LEAPFROG_STEPS = OptionDescriptor.integer("hmc-leapfrog-steps", 20)
            .withRule(Rule.atLeast(1)).withLabel("L").withHelp("HMC: leapfrog steps per iteration.");
    public static final OptionDescriptor<Double> STEP_SIZE = OptionDescriptor.number("hmc-step-size", 1e-3)
            .withRule(Rule.greaterThan(0)).withHelp("HMC: the initial step size (adapted during warm-up).");
    public static final OptionDescriptor<Double> TARGET_ACCEPTANCE = OptionDescriptor.number("hmc-target-acceptance",
            0.8).withRule(Rule.interval(0, false, 1, false)).withHelp("HMC: the acceptance rate the warm-up aims at.");
    public static final OptionDescriptor<Integer> THINNING = OptionDescriptor.integer("hmc-thinning", 1)
            .withRule(Rule.atLeast(1)).withLabel("K").withHelp("HMC: keep every K-th draw.");
    public static final OptionDescriptor<Hmc.Start> START = OptionDescriptor.choice("hmc-start", Hmc.Start.class,
            Hmc.Start.MAP).withHelp("HMC: start every chain at the MAP, or each at its own prior draw.");

    public HmcMethod() {
        super(Hmc.METHOD, "full-batch Hamiltonian Monte Carlo: the reference for small nets", EnumSet.of(Likelihood.CATEGORICAL, Likelihood.GAUSSIAN), true, 70, SAMPLES, CHAINS, WARMUP, LEAPFROG_STEPS, STEP_SIZE,
                TARGET_ACCEPTANCE, THINNING, START, SamplerPrior.FAMILY, SamplerPrior.SCALE);
    }

    @Override
    public void validate(FitRequest request) {
        OptionValues o = request.options();
        hmc(o, 0);
    }

    @Override
    public Posterior fit(FitRequest request) {
        return hmc(request.options(), request.seed()).fit(request.map(), request.train(),
                request.validation().orElse(null));
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return SampleEnsemblePosterior.load(directory);
    }

    /**
     * The HMC these options (parsed against this method) ask for: S samples in all, ⌈S/C⌉ draws in
     * each of C chains; for a fit split by chains ({@link Hmc#runChains}).
     */
    public static Hmc hmc(OptionValues o, long seed) {
        int chains = o.get(CHAINS);
        int draws = (o.get(SAMPLES) + chains - 1) / chains;
        Hmc.Builder b = Hmc.builder().optDraws(draws).optChains(chains).optSeed(seed).optWarmup(o.get(WARMUP))
                .optLeapfrogSteps(o.get(LEAPFROG_STEPS)).optInitialStepSize(o.get(STEP_SIZE))
                .optTargetAcceptance(o.get(TARGET_ACCEPTANCE)).optThinning(o.get(THINNING)).optStart(o.get(START))
                .optPrior(SamplerPrior.fromOptions(o)); // --prior-precision also for a MAP loaded from disk
        return b.build();
    }
}
