package org.bdl4j.vi;

import java.util.EnumSet;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.RegisteredMethod;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Rule;
import org.bdl4j.train.TrainingListener;
import org.bdl4j.train.TrainingOptions;

/**
 * Mean-field variational inference ({@link Vi}) as a method of the registry: q starts from the
 * request's MAP and is trained on the ELBO. The descriptors here are the one home of VI's defaults
 * and rules; {@link Vi.Builder} checks with them.
 */
public final class ViMethod extends RegisteredMethod {
    public static final OptionDescriptor<Integer> SAMPLES = OptionDescriptor.integer("samples", 100)
            .withRule(Rule.atLeast(1)).withLabel("S").withHelp("Monte Carlo samples at prediction.");
    public static final OptionDescriptor<Estimator> ESTIMATOR = OptionDescriptor.choice("estimator", Estimator.class,
            Estimator.LOCAL_REPARAM).withHelp("VI: gradient estimator.");
    public static final OptionDescriptor<PriorKind> PRIOR = OptionDescriptor.choice("prior", PriorKind.class,
            PriorKind.GAUSSIAN).withHelp("VI: the prior; mixture = pi N(0, sigma1^2) + (1 - pi) N(0, sigma2^2) with"
                    + " a Monte Carlo KL.");
    public static final OptionDescriptor<Double> PRIOR_SIGMA = OptionDescriptor.number("prior-sigma", null)
            .withRule(Rule.greaterThan(0)).withDefaultText("1/sqrt(prior precision)")
            .withHelp("VI: the Gaussian prior's standard deviation.");
    public static final OptionDescriptor<Double> PRIOR_PRECISION = OptionDescriptor.number("prior-precision", null)
            .withRule(Rule.greaterThan(0)).withDefaultText("the MAP's");
    public static final OptionDescriptor<Double> PRIOR_PI = OptionDescriptor.number("prior-pi", 0.5)
            .withRule(Rule.interval(0, true, 1, true)).withLabel("P")
            .withHelp("VI mixture prior: the first component's weight.");
    public static final OptionDescriptor<Double> PRIOR_SIGMA1 = OptionDescriptor.number("prior-sigma1", 1.0)
            .withRule(Rule.greaterThan(0)).withHelp("VI mixture prior: the first component's sigma.");
    public static final OptionDescriptor<Double> PRIOR_SIGMA2 = OptionDescriptor.number("prior-sigma2", Math.exp(-6))
            .withRule(Rule.greaterThan(0)).withDefaultText("exp(-6)")
            .withHelp("VI mixture prior: the second component's sigma.");
    public static final OptionDescriptor<Double> KL_WEIGHT = OptionDescriptor.number("kl-weight", 1.0)
            .withRule(Rule.atLeast(0.0)).withLabel("W").withHelp("VI: weight of the KL term (1 = the ELBO).");
    public static final OptionDescriptor<Integer> KL_WARMUP_EPOCHS = OptionDescriptor.integer("kl-warmup-epochs", 0)
            .withRule(Rule.atLeast(0)).withLabel("E")
            .withHelp("VI: epochs over which the KL weight rises linearly from 0.");
    public static final OptionDescriptor<Integer> KL_WARMUP_STEPS = OptionDescriptor.integer("kl-warmup-steps", 0)
            .withRule(Rule.atLeast(0));
    public static final OptionDescriptor<Integer> EPOCHS = OptionDescriptor.integer("vi-epochs", null)
            .withRule(Rule.atLeast(0)).withLabel("N").withDefaultText("auto: until the validation"
                    + " NLL, else the negative ELBO, stops improving; at most 5,000 steps")
            .withHelp("VI: epochs of variational training after the MAP fit; 0 = q as initialised.");
    public static final OptionDescriptor<Integer> BATCH_SIZE = OptionDescriptor.integer("vi-batch-size", 128)
            .withRule(Rule.atLeast(1)).withLabel("N").withHelp("VI: minibatch size.");
    public static final OptionDescriptor<Double> LEARNING_RATE = OptionDescriptor.number("vi-lr", 1e-3)
            .withRule(Rule.greaterThan(0)).withHelp("VI: Adam's learning rate.");
    public static final OptionDescriptor<ViInit> INIT = OptionDescriptor.choice("init", ViInit.class, ViInit.LAPLACE)
            .withHelp("VI: start at the diagonal Laplace approximation (the MAP with sigma_i = (lambda + GGN_ii)^-1/2),"
                    + " at the MAP with sigma --vi-initial-sigma, at MOPED's sigma = delta |w_MAP|, or at random"
                    + " means.");
    public static final OptionDescriptor<Double> INITIAL_SIGMA = OptionDescriptor.number("vi-initial-sigma", 1e-3)
            .withRule(Rule.greaterThan(0)).withHelp("VI --init map|random: every weight's initial sigma.");
    public static final OptionDescriptor<Double> MOPED_DELTA = OptionDescriptor.number("moped-delta", 0.1)
            .withRule(Rule.greaterThan(0)).withLabel("D").withHelp("VI --init moped: sigma = D |w_MAP|.");

    public ViMethod() {
        super(Vi.METHOD, "mean-field Gaussian VI (Bayes by Backprop), started at the MAP", EnumSet.of(Likelihood.CATEGORICAL, Likelihood.GAUSSIAN), true, 40, SAMPLES, ESTIMATOR, PRIOR, PRIOR_SIGMA, PRIOR_PI, PRIOR_SIGMA1, PRIOR_SIGMA2,
                KL_WEIGHT, KL_WARMUP_EPOCHS, EPOCHS, BATCH_SIZE, LEARNING_RATE, INIT, INITIAL_SIGMA, MOPED_DELTA);
    }

    @Override
    public void validate(FitRequest request) {
        OptionValues o = request.options();
        builder(o, 0).build();
    }

    @Override
    public Posterior fit(FitRequest request) {
        Vi.Builder b = builder(request.options(), request.seed());
        for (TrainingListener l : request.trainer().listeners()) {
            if (l instanceof ViListener v) {
                b.addListener(v);
            }
        }
        return b.build().fit(request.map(), request.train(), request.validation().orElse(null));
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return ViPosterior.load(directory);
    }

    /** The builder these values describe; cross-option rules (which prior takes which parameters) checked. */
    static Vi.Builder builder(OptionValues o, long seed) {
        Vi.Builder b = Vi.builder().optSamples(o.get(SAMPLES)).optSeed(seed).optEstimator(o.get(ESTIMATOR))
                .optKlWeight(o.get(KL_WEIGHT)).optBatchSize(o.get(BATCH_SIZE))
                .optLearningRate(o.get(LEARNING_RATE)).optInit(o.get(INIT)).optInitialSigma(o.get(INITIAL_SIGMA))
                .optMopedDelta(o.get(MOPED_DELTA));
        if (o.get(EPOCHS) != null) {
            b.optEpochs(o.get(EPOCHS));
        }
        if (o.isSet(INITIAL_SIGMA) && (o.get(INIT) == ViInit.LAPLACE || o.get(INIT) == ViInit.MOPED)) {
            throw appliesTo(INITIAL_SIGMA, INIT, "map or random", o.get(INIT).cliName());
        }
        if (o.isSet(KL_WARMUP_STEPS)) {
            b.optKlWarmupSteps(o.get(KL_WARMUP_STEPS));
        } else {
            b.optKlWarmupEpochs(o.get(KL_WARMUP_EPOCHS));
        }
        if (o.isSet(MOPED_DELTA) && o.get(INIT) != ViInit.MOPED) {
            throw appliesTo(MOPED_DELTA, INIT, "moped", o.get(INIT).cliName());
        }
        if (o.get(PRIOR) == PriorKind.MIXTURE) {
            if (o.isSet(PRIOR_SIGMA)) {
                throw new InvalidOptionException(PRIOR_SIGMA.name(), "{prior-sigma} applies to {prior} gaussian;"
                        + " the mixture takes {prior-sigma1}, {prior-sigma2} and {prior-pi}");
            }
            b.optPrior(Prior.scaleMixture(o.get(PRIOR_PI), o.get(PRIOR_SIGMA1), o.get(PRIOR_SIGMA2)));
        } else {
            for (OptionDescriptor<Double> d : List.of(PRIOR_SIGMA1, PRIOR_SIGMA2, PRIOR_PI)) {
                if (o.isSet(d)) {
                    throw appliesTo(d, PRIOR, "mixture", "gaussian");
                }
            }
            if (o.isSet(PRIOR_SIGMA)) {
                b.optPriorSigma(o.get(PRIOR_SIGMA));
            } else if (o.isSet(TrainingOptions.PRIOR_PRECISION) && o.get(TrainingOptions.PRIOR_PRECISION) > 0) {
                b.optPriorPrecision(o.get(TrainingOptions.PRIOR_PRECISION)); // also for a MAP loaded from disk
            }
        }
        return b;
    }

    private static InvalidOptionException appliesTo(OptionDescriptor<?> option, OptionDescriptor<?> other,
            String needed, String found) {
        return new InvalidOptionException(option.name(), "{" + option.name() + "} applies to {" + other.name() + "} "
                + needed + ", found {" + other.name() + "} " + found);
    }
}
