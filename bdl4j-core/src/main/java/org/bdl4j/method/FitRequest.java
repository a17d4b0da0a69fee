package org.bdl4j.method;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.nn.NetworkOptions;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.Seeds;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingBudget;
import org.bdl4j.train.TrainingListener;
import org.bdl4j.train.TrainingOptions;

/**
 * Everything a {@link PosteriorMethod} needs to fit a posterior, in one immutable value: the
 * training rows (the user's units, with targets), an optional validation set, the likelihood, the
 * network structure and MAP training settings (for methods that train networks), standardisation,
 * the seed, the method's options and an optional base posterior. Where the rows came from travels with
 * them ({@link Dataset#origin()}) into the fitted model's provenance.
 *
 * <pre>
 *   FitRequest r = FitRequest.builder(train).network(NetworkSpec.mlp(...)).trainer(MapTrainer.builder()...build())
 *           .options(OptionValues.empty().with(EnsembleMethod.MEMBERS, 10)).seed(1).build();
 *   try (Posterior p = Methods.fit("ensemble", r)) { ... }
 * </pre>
 *
 * The base posterior is the fitted MAP that post-hoc methods start from ({@link #map()}); when a
 * method that starts from a MAP is fitted through {@link Methods#fit} without one, the MAP is
 * trained once from this request. The request does not own the base: its owner closes it.
 */
public final class FitRequest {
    /** Every option of a request that is not a method's own: the network's, MAP training's and the request's. */
    public static final List<OptionDescriptor<?>> OPTIONS = concat(NetworkOptions.ALL, TrainingOptions.ALL,
            RequestOptions.ALL);

    /** The stream of the request's seed that draws the automatic validation split. */
    private static final long VALIDATION_STREAM = 0x7a1dL;

    private final Dataset train;
    private final Dataset validation;
    private final Likelihood likelihood;
    private final NetworkSpec network;
    private final boolean standardize;
    private final MapTrainer trainer;
    private final long seed;
    private final OptionValues options;
    private final Posterior base;
    private final float[] initialParameters;

    private FitRequest(Builder b) {
        train = b.train;
        validation = b.validation;
        likelihood = b.likelihood != null ? b.likelihood : RequestOptions.NOISE.defaultValue().likelihood(b.train.task());
        network = b.network != null ? b.network : NetworkOptions.spec(OptionValues.empty(), b.train.featureShape());
        standardize = b.standardize;
        MapTrainer t = b.trainer != null ? b.trainer : MapTrainer.builder().optSeed(b.seed).build();
        if (!b.listeners.isEmpty()) {
            MapTrainer.Builder withListeners = t.toBuilder();
            b.listeners.forEach(withListeners::addListener);
            t = withListeners.build();
        }
        trainer = t;
        seed = b.seed;
        options = b.options;
        base = b.base;
        initialParameters = b.initialParameters;
    }

    /** A request on {@code train} (the user's units, with targets) with every default. */
    public static Builder builder(Dataset train) {
        return new Builder(train);
    }

    /**
     * A request configured by option values: the network of {@link NetworkOptions}, the trainer of
     * {@link TrainingOptions} (its seed the request's), the likelihood of {@link RequestOptions#NOISE}
     * for the data's task, standardisation and seed; all values (the method's own too) are kept as the
     * request's options.
     *
     * @param validation held-out rows (the user's units), or null to hold out the rows
     *     {@link RequestOptions#validationRows} says (a seeded split of {@code train}: by default 10%, at least
     *     20 rows, from 100 rows on). Below 100 rows, with no validation rows and no {@code --epochs},
     *     the trainer runs a fixed number of epochs chosen by {@link CrossValidatedLength 5-fold
     *     cross-validation} (which trains five networks here).
     * @throws InvalidOptionException naming the option at fault
     */
    public static Builder fromOptions(Dataset train, Dataset validation, OptionValues values) {
        return fromOptions(train, validation, values, true);
    }

    /**
     * {@link #fromOptions(Dataset, Dataset, OptionValues)}, choosing the training length by
     * cross-validation below 100 rows only when {@code chooseLength} (false when no network is trained
     * on these rows, e.g. for the last layer of a user's network).
     */
    public static Builder fromOptions(Dataset train, Dataset validation, OptionValues values, boolean chooseLength) {
        long seed = values.get(RequestOptions.SEED);
        if (validation == null) {
            int rows = RequestOptions.validationRows(values, train.rows());
            if (rows > 0) {
                Splits.TrainValidation split = Splits.trainValidationRows(train.rows(), rows,
                        Seeds.derive(seed, VALIDATION_STREAM));
                validation = split.validation(train);
                train = split.train(train);
            }
        }
        Integer patience = values.get(TrainingOptions.PATIENCE);
        if (patience != null && patience > 0 && validation == null) {
            throw new InvalidOptionException(TrainingOptions.PATIENCE.name(), "{" + TrainingOptions.PATIENCE.name()
                    + "} needs a validation split: add {" + RequestOptions.VALIDATION_FRACTION.name() + "} F");
        }
        if (values.isSet(TrainingOptions.PRIOR_PRECISION) && values.isSet(TrainingOptions.WEIGHT_DECAY)) {
            throw new InvalidOptionException(TrainingOptions.WEIGHT_DECAY.name(), "give {"
                    + TrainingOptions.PRIOR_PRECISION.name() + "} or {" + TrainingOptions.WEIGHT_DECAY.name()
                    + "}, not both");
        }
        MapTrainer.Builder t = MapTrainer.builder().optBudget(values.isSet(TrainingOptions.EPOCHS)
                        ? TrainingBudget.epochs(values.get(TrainingOptions.EPOCHS)) : TrainingBudget.untilConverged())
                .optBatchSize(values.get(TrainingOptions.BATCH_SIZE))
                .optLearningRate(values.get(TrainingOptions.LEARNING_RATE))
                .optOptimizer(values.get(TrainingOptions.OPTIMIZER)).optMomentum(values.get(TrainingOptions.MOMENTUM))
                .optSeed(seed);
        if (patience != null) {
            t.optPatience(patience);
        }
        if (values.isSet(TrainingOptions.WEIGHT_DECAY)) {
            t.optWeightDecay(values.get(TrainingOptions.WEIGHT_DECAY));
        } else {
            t.optPriorPrecision(values.get(TrainingOptions.PRIOR_PRECISION));
        }
        Builder b = builder(train).validation(validation).trainer(t.build())
                .network(NetworkOptions.spec(values, train.featureShape()))
                .likelihood(values.get(RequestOptions.NOISE).likelihood(train.task()))
                .standardize(values.get(RequestOptions.STANDARDIZE) == Standardization.AUTO).seed(seed)
                .options(values);
        if (chooseLength && validation == null && !values.isSet(TrainingOptions.EPOCHS)
                && train.rows() < RequestOptions.AUTO_MIN_ROWS
                && train.rows() >= CrossValidatedLength.MIN_ROWS) {
            b.trainer(CrossValidatedLength.trainer(b.build()));
        }
        return b;
    }

    public Dataset train() {
        return train;
    }

    public Optional<Dataset> validation() {
        return Optional.ofNullable(validation);
    }

    public Likelihood likelihood() {
        return likelihood;
    }

    /** The network structure; its output width is set from the likelihood when fitting. */
    public NetworkSpec network() {
        return network;
    }

    public boolean standardize() {
        return standardize;
    }

    /** MAP training settings, for the methods that train networks. */
    public MapTrainer trainer() {
        return trainer;
    }

    public long seed() {
        return seed;
    }

    /** The options given (a method reads its own, with its defaults for the others). */
    public OptionValues options() {
        return options;
    }

    /** The base posterior, if any (see {@link #map()}). */
    public Optional<Posterior> base() {
        return Optional.ofNullable(base);
    }

    /**
     * The fitted MAP a post-hoc method starts from: the base posterior. {@link Methods#fit} sets it
     * for every method that {@linkplain PosteriorMethod#startsFromMap starts from a MAP}.
     *
     * @throws IllegalStateException if the base is missing or not a MAP
     */
    public MapPosterior map() {
        if (base instanceof MapPosterior m) {
            return m;
        }
        throw new IllegalStateException("this request has no fitted MAP network as its base"
                + (base == null ? "" : " (found a " + base.method() + " posterior)") + ": fit through Methods.fit");
    }

    /**
     * What a method that trains networks starts from: the schema (and standardisation, if asked)
     * fitted on the training rows, the network sized for the likelihood, and the training and
     * validation rows in the units the network sees.
     */
    public NetworkTables networkTables() {
        ModelSchema schema = ModelSchema.of(train, standardize);
        return new NetworkTables(schema, network.withOutputs(likelihood.outputs(schema.numClasses())),
                schema.toNetworkUnits(train), validation == null ? null : schema.toNetworkUnits(validation));
    }

    /**
     * Warnings about the training rows' size for the network a method trains: fewer than
     * {@value #MIN_ROWS} rows, or fewer than {@value #MIN_ROWS_PER_CLASS} a class.
     */
    public java.util.List<String> sizeWarnings() {
        java.util.List<String> out = new java.util.ArrayList<>();
        int n = train.rows();
        if (n < MIN_ROWS) {
            out.add("only " + n + " training rows: the predictive rests mostly on the prior");
        } else if (likelihood == Likelihood.CATEGORICAL && n < MIN_ROWS_PER_CLASS * train.numClasses()) {
            out.add("only " + n + " training rows for " + train.numClasses() + " classes (fewer than "
                    + MIN_ROWS_PER_CLASS + " a class): the predictive rests mostly on the prior");
        }
        return out;
    }

    /** Fewer training rows than this are worth a warning. */
    public static final int MIN_ROWS = 20;
    /** Fewer training rows a class than this are worth a warning. */
    public static final int MIN_ROWS_PER_CLASS = 5;

    /**
     * @param validation null when the request has none
     */
    public record NetworkTables(ModelSchema schema, NetworkSpec network, Dataset train, Dataset validation) {}

    /**
     * The weights a method's MAP training starts from instead of fresh ones drawn with the seed (a warm
     * start, e.g. from the previous round of active learning); empty for a fresh start.
     */
    public Optional<float[]> initialParameters() {
        return Optional.ofNullable(initialParameters).map(float[]::clone);
    }

    /** This request with MAP training starting from {@code theta} (null: fresh weights). */
    public FitRequest withInitialParameters(float[] theta) {
        Builder b = toBuilder();
        b.initialParameters = theta == null ? null : theta.clone();
        return b.build();
    }

    /** This request with another base posterior (not owned by the request). */
    public FitRequest withBase(Posterior newBase) {
        return toBuilder().base(newBase).build();
    }

    /** This request with other options. */
    public FitRequest withOptions(OptionValues newOptions) {
        return toBuilder().options(newOptions).build();
    }

    /** This request with another network structure (e.g. with dropout). */
    public FitRequest withNetwork(NetworkSpec newNetwork) {
        return toBuilder().network(newNetwork).build();
    }

    /** This request with a progress listener added to its trainer's. */
    public FitRequest withProgress(TrainingListener listener) {
        return toBuilder().progress(listener).build();
    }

    /** This request with another likelihood (the network's output width follows it when fitting). */
    public FitRequest withLikelihood(Likelihood newLikelihood) {
        return toBuilder().likelihood(newLikelihood).build();
    }

    /** This request with another trainer (e.g. with a progress listener added). */
    public FitRequest withTrainer(MapTrainer newTrainer) {
        return toBuilder().trainer(newTrainer).build();
    }

    private Builder toBuilder() {
        Builder b = builder(train).validation(validation).likelihood(likelihood).network(network)
                .standardize(standardize).trainer(trainer).seed(seed).options(options).base(base);
        b.initialParameters = initialParameters;
        return b;
    }

    private static List<OptionDescriptor<?>> concat(List<OptionDescriptor<?>> a, List<OptionDescriptor<?>> b,
            List<OptionDescriptor<?>> c) {
        List<OptionDescriptor<?>> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        out.addAll(c);
        return List.copyOf(out);
    }

    /**
     * Builds a {@link FitRequest}. Defaults: the likelihood of the data's task (categorical, or
     * Gaussian with one fitted σ), the network of {@link NetworkOptions}' defaults, a
     * {@link MapTrainer} with its defaults seeded by the request's seed, standardisation on, seed 0, no
     * options, no base.
     */
    public static final class Builder {
        private final Dataset train;
        private Dataset validation;
        private Likelihood likelihood;
        private NetworkSpec network;
        private boolean standardize = true;
        private MapTrainer trainer;
        private long seed;
        private OptionValues options = OptionValues.empty();
        private Posterior base;
        private float[] initialParameters;
        private final List<TrainingListener> listeners = new java.util.ArrayList<>();

        private Builder(Dataset train) {
            this.train = Objects.requireNonNull(train, "train");
            if (!train.hasTargets()) {
                throw new IllegalArgumentException("the training table has no target column");
            }
        }

        /** Held-out rows in the user's units (early stopping, validation NLL, grid searches); null for none. */
        public Builder validation(Dataset rows) {
            validation = rows;
            return this;
        }

        public Builder likelihood(Likelihood l) {
            likelihood = Objects.requireNonNull(l, "likelihood");
            return this;
        }

        public Builder network(NetworkSpec spec) {
            network = Objects.requireNonNull(spec, "network");
            return this;
        }

        public Builder standardize(boolean on) {
            standardize = on;
            return this;
        }

        public Builder trainer(MapTrainer t) {
            trainer = Objects.requireNonNull(t, "trainer");
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder options(OptionValues values) {
            options = Objects.requireNonNull(values, "options");
            return this;
        }

        /** The base posterior (e.g. a fitted MAP); the request does not take ownership. */
        public Builder base(Posterior p) {
            base = p;
            return this;
        }

        /** Adds a progress listener to the trainer's (MAP training; VI's too when it is a ViListener). */
        public Builder progress(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @throws IllegalArgumentException if the likelihood does not fit the data's task, or the base
         *     MAP another likelihood
         */
        public FitRequest build() {
            FitRequest r = new FitRequest(this);
            if (r.likelihood.task() != train.task()) {
                throw new IllegalArgumentException("likelihood " + r.likelihood.cliName() + " needs a "
                        + r.likelihood.task().cliName() + " target, the data has a " + train.task().cliName() + " one");
            }
            if (base instanceof MapPosterior m && m.likelihood() != r.likelihood) {
                throw new IllegalArgumentException("the base MAP has the " + m.likelihood().cliName()
                        + " likelihood, the request " + r.likelihood.cliName());
            }
            return r;
        }
    }
}
