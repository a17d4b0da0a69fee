package org.bdl4j.swag;

import java.util.EnumSet;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.RegisteredMethod;
import org.bdl4j.nn.Architecture;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Rule;
import org.bdl4j.train.TrainingOptions;

/**
 * SWAG ({@link Swag}) as a method of the registry: SGD continues from the request's MAP and the
 * Gaussian of its iterates is the posterior. The descriptors here are the one home of SWAG's defaults
 * and rules; {@link Swag.Builder} checks with them.
 */
public final class SwagMethod extends RegisteredMethod {
    public static final OptionDescriptor<Integer> SAMPLES = OptionDescriptor.integer("samples", 100)
            .withRule(Rule.atLeast(1)).withLabel("S").withHelp("Monte Carlo samples at prediction.");
    public static final OptionDescriptor<Integer> EPOCHS = OptionDescriptor.integer("swag-epochs", 20)
            .withRule(Rule.atLeast(1)).withLabel("N").withHelp("SWAG: epochs of SGD from the MAP.");
    public static final OptionDescriptor<Integer> BATCH_SIZE = OptionDescriptor.integer("swag-batch-size", 128)
            .withRule(Rule.atLeast(1)).withLabel("N").withHelp("SWAG: minibatch size.");
    public static final OptionDescriptor<Double> LEARNING_RATE = OptionDescriptor.number("swag-lr", null)
            .withRule(Rule.greaterThan(0)).withDefaultText("η = min(0.01, (1+momentum)/h); with validation rows the"
                    + " first of η, η/4, η/16 whose SWAG predicts them as well as the MAP, else the best of the three")
            .withHelp("SWAG: the SGD learning rate (the cycle's highest, if cyclic); η is half the stability limit at"
                    + " the MAP's largest curvature h, at most 0.01.");
    public static final OptionDescriptor<Double> MOMENTUM = OptionDescriptor.number("swag-momentum", 0.9)
            .withRule(Rule.interval(0, true, 1, false)).withHelp("SWAG: SGD momentum.");
    public static final OptionDescriptor<Integer> SNAPSHOT_EVERY = OptionDescriptor.integer("swag-snapshot-every", 0)
            .withRule(Rule.atLeast(0)).withLabel("K").withHelp("SWAG: a snapshot every K steps (0: every epoch).");
    public static final OptionDescriptor<Integer> CYCLE_STEPS = OptionDescriptor.integer("swag-cycle-steps", 0)
            .withRule(Rule.atLeast(0)).withLabel("K")
            .withHelp("SWAG: a cyclic learning rate with cycles of K steps and a snapshot at each cycle's end (0: off).");
    public static final OptionDescriptor<Double> MIN_LEARNING_RATE = OptionDescriptor.number("swag-min-lr", null)
            .withRule(Rule.greaterThan(0)).withDefaultText("swag-lr / 10")
            .withHelp("SWAG, cyclic: the lowest learning rate of a cycle.");
    public static final OptionDescriptor<Integer> RANK = OptionDescriptor.integer("swag-rank", 20)
            .withRule(Rule.atLeast(2)).withLabel("K").withHelp("SWAG: the deviations kept for the low-rank part.");
    public static final OptionDescriptor<Double> SCALE = OptionDescriptor.number("swag-scale", 0.5)
            .withRule(Rule.atLeast(0.0)).withHelp("SWAG: the factor on the covariance (0.5: the paper's).");
    public static final OptionDescriptor<SwagCovariance> COVARIANCE = OptionDescriptor.choice("swag-covariance",
            SwagCovariance.class, SwagCovariance.LOW_RANK).withHelp("SWAG: the covariance structure.");
    /**
     * Which weights of a network trained elsewhere SWAG covers; read by {@code usermodel} (a network bdl4j
     * trains is always covered whole, and {@code last-layer} is refused for one with hidden layers).
     */
    public static final OptionDescriptor<SwagSubset> SUBSET = OptionDescriptor.choice("swag-subset",
            SwagSubset.class, null).withDefaultText("last-layer with --model-file; all for a network bdl4j trains")
            .withHelp("SWAG on a network trained elsewhere: its last layer, or all of its weights by fine-tuning the"
                    + " whole TorchScript network (epochs x rows of forward and backward passes through it).");
    public static final OptionDescriptor<Double> PRIOR_PRECISION = OptionDescriptor.number("prior-precision", null)
            .withRule(Rule.atLeast(0.0)).withDefaultText("the MAP's");

    public SwagMethod() {
        super(SwagPosterior.METHOD, "the Gaussian of SGD iterates from the MAP (diagonal + low rank)", EnumSet.of(Likelihood.CATEGORICAL, Likelihood.GAUSSIAN), true, 50, SAMPLES, EPOCHS, BATCH_SIZE, LEARNING_RATE, MOMENTUM,
                SNAPSHOT_EVERY, CYCLE_STEPS, MIN_LEARNING_RATE, RANK, SCALE, COVARIANCE, SUBSET);
    }

    @Override
    public void validate(FitRequest request) {
        OptionValues o = request.options();
        swag(o, 0);
    }

    @Override
    public Posterior fit(FitRequest request) {
        NetworkSpec net = request.map().network().spec();
        if (request.options().get(SUBSET) == SwagSubset.LAST_LAYER
                && (net.hidden().length > 0 || net.architecture() != Architecture.MLP)) {
            throw new InvalidOptionException(SUBSET.name(), "SWAG covers every weight of a network bdl4j trains: {"
                    + SUBSET.name() + "} last-layer applies to a network trained elsewhere (--model-file)");
        }
        OptionValues o = request.options();
        if (o.isSet(LEARNING_RATE) || o.get(CYCLE_STEPS) > 0 || request.validation().isEmpty()) {
            return swag(o, request.seed()).fit(request.map(), request.train());
        }
        return SwagRateSearch.fit(request);
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return SwagPosterior.load(directory);
    }

    /**
     * The SWAG settings of {@code o} (every option of this method, its defaults for the others, checked
     * by their rules) with {@code seed}.
     *
     * @throws InvalidOptionException naming an option out of its range or given without the one it needs
     */
    public static Swag swag(OptionValues o, long seed) {
        Swag.Builder b = Swag.builder().optSamples(o.get(SAMPLES)).optSeed(seed).optEpochs(o.get(EPOCHS))
                .optBatchSize(o.get(BATCH_SIZE)).optLearningRate(o.get(LEARNING_RATE)).optMomentum(o.get(MOMENTUM))
                .optSnapshotEvery(o.get(SNAPSHOT_EVERY)).optRank(o.get(RANK)).optScale(o.get(SCALE))
                .optCovariance(o.get(COVARIANCE));
        int cycle = o.get(CYCLE_STEPS);
        if (cycle > 0) {
            b.optCyclicLearningRate(o.isSet(MIN_LEARNING_RATE) ? o.get(MIN_LEARNING_RATE) : null, cycle);
        } else if (o.isSet(MIN_LEARNING_RATE)) {
            throw new InvalidOptionException(MIN_LEARNING_RATE.name(), "{" + MIN_LEARNING_RATE.name()
                    + "} applies to a cyclic learning rate: add {" + CYCLE_STEPS.name() + "} K");
        }
        if (o.isSet(TrainingOptions.PRIOR_PRECISION)) {
            b.optPriorPrecision(o.get(TrainingOptions.PRIOR_PRECISION)); // also for a MAP loaded from disk
        }
        return b.build();
    }
}
