package org.bdl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.ActiveOutputs;
import org.bdl4j.nn.FlatParameters;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.IntraOpThreads;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.Seeds;
import org.bdl4j.options.OptionValues;

/**
 * Maximum a posteriori training: minimises the negative log joint
 *
 * <pre>
 *   L(θ) = Σ_{n=1}^{N} -log p(y_n | x_n, θ) + (λ/2) ‖θ‖²,
 * </pre>
 *
 * i.e. the sum NLL under a Gaussian prior N(0, 1/λ) on every parameter, biases included (docs/design.md).
 * Minibatch steps use the per-example objective L(θ)/N, whose gradient is the batch-mean NLL
 * gradient plus (λ/N)·θ: the prior enters as coupled L2 weight decay
 *
 * <pre>
 *   weightDecay = λ / N      ⇔      λ = weightDecay · N.
 * </pre>
 *
 * So the benchmark's weight decay 5e-4 on N = 55,000 images is the prior precision λ = 27.5, and the
 * trained weights are the posterior mode that Laplace expands around. Set either
 * {@link Builder#optPriorPrecision} or {@link Builder#optWeightDecay}; the result reports both.
 *
 * <p>For {@link Likelihood#GAUSSIAN} the noise σ is learnt jointly by maximum likelihood (a free
 * log σ, no prior, no weight decay). Minibatches are reshuffled every epoch by a seeded
 * Fisher–Yates permutation, the last partial batch is kept, and the engine generator (dropout,
 * initialisation) is seeded too: the same seed gives the same weights. Given validation rows, early
 * stopping ({@link EarlyStopping}) keeps the weights of the epoch with the lowest validation NLL; by
 * default it stops {@value TrainingBudget#PATIENCE_STEPS} steps after that epoch (or when the training
 * objective levels off, whichever comes first). The early-stopped weights are then not exactly a mode
 * of the posterior: Laplace expands around them all the same, as laplace-torch does around any trained
 * network.
 *
 * <p>Optionally ({@link Builder#optAdversarialEpsilon}) each step also trains on adversarial inputs
 * made by the fast gradient sign method, minimising NLL(x) + NLL(x') as in deep ensembles
 * (Lakshminarayanan et al. 2017; see {@link FastGradientSign}).
 *
 * <p>Continual learning adds two things ({@code org.bdl4j.continual}): a {@link ParameterPenalty} R(θ),
 * which joins the objective as L(θ) + R(θ) (each step adds ∇R/N to the batch-mean gradient), and a head
 * ({@link ActiveOutputs}), which restricts the likelihood (and the validation NLL) to one task's logits.
 */
public final class MapTrainer {
    private final TrainingBudget budget;
    private final int batchSize;
    private final float learningRate;
    private final OptimizerKind optimizer;
    private final float momentum;
    private final Double priorPrecision;
    private final Double weightDecay;
    private final long seed;
    private final Integer patience; // null: the default (EarlyStopping.of)
    private final double adversarialEpsilon;
    private final List<TrainingListener> listeners;
    private final ParameterPenalty penalty;
    private final ActiveOutputs head;

    private MapTrainer(Builder b) {
        budget = b.budget;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        optimizer = b.optimizer;
        momentum = b.momentum;
        priorPrecision = b.priorPrecision;
        weightDecay = b.weightDecay;
        seed = b.seed;
        patience = b.patience;
        adversarialEpsilon = b.adversarialEpsilon;
        listeners = List.copyOf(b.listeners);
        penalty = b.penalty;
        head = b.head;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same options with another seed (data order and dropout masks), e.g. for ensemble members. */
    public MapTrainer withSeed(long newSeed) {
        return toBuilder().optSeed(newSeed).build();
    }

    /** The same options reporting to {@code replaced} instead of this trainer's listeners. */
    public MapTrainer withListeners(List<TrainingListener> replaced) {
        Builder b = toBuilder();
        b.listeners.clear();
        replaced.forEach(b::addListener);
        return b.build();
    }

    /** These settings by option name (for model files): the prior as given, weight decay or precision. */
    public java.util.Map<String, String> settings() {
        OptionValues v = OptionValues.empty().with(TrainingOptions.BATCH_SIZE, batchSize)
                .with(TrainingOptions.LEARNING_RATE, Double.parseDouble(Float.toString(learningRate)))
                .with(TrainingOptions.OPTIMIZER, optimizer);
        if (optimizer == OptimizerKind.SGD) {
            v = v.with(TrainingOptions.MOMENTUM, Double.parseDouble(Float.toString(momentum)));
        }
        v = priorPrecision != null ? v.with(TrainingOptions.PRIOR_PRECISION, priorPrecision)
                : v.with(TrainingOptions.WEIGHT_DECAY, weightDecay);
        v = patience == null ? v : v.with(TrainingOptions.PATIENCE, patience);
        if (adversarialEpsilon > 0) {
            v = v.with(TrainingOptions.ADVERSARIAL_EPSILON, adversarialEpsilon);
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put(TrainingOptions.EPOCHS.name(), budget.describe());
        budget.origin().ifPresent(o -> out.put(TrainingOptions.EPOCHS.name() + "-chosen-by", o));
        out.putAll(v.describe());
        out.put("seed", Long.toString(seed));
        return out;
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.budget = budget;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.optimizer = optimizer;
        b.momentum = momentum;
        b.priorPrecision = priorPrecision;
        b.weightDecay = weightDecay;
        b.seed = seed;
        b.patience = patience;
        b.adversarialEpsilon = adversarialEpsilon;
        b.listeners.addAll(listeners);
        b.penalty = penalty;
        b.head = head;
        return b;
    }

    /** How long training runs: fixed epochs, or until the training objective levels off. */
    public TrainingBudget budget() {
        return budget;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }

    /** The early-stopping rule with validation rows or not ({@link EarlyStopping#of}); null for none. */
    public EarlyStopping earlyStopping(boolean hasValidation) {
        return EarlyStopping.of(hasValidation, patience, budget);
    }

    /** The fast-gradient-sign ε relative to each input's range; 0 when adversarial training is off. */
    public double adversarialEpsilon() {
        return adversarialEpsilon;
    }

    public List<TrainingListener> listeners() {
        return listeners;
    }

    /** The prior precision λ for a training set of {@code n} rows (given, or weightDecay · n). */
    public double priorPrecision(int n) {
        return priorPrecision != null ? priorPrecision : weightDecay * n;
    }

    /**
     * The optimiser of the network's parameters for {@code n} training rows: the configured kind and
     * learning rate with coupled weight decay λ/n. Its per-element updates make it usable on stacked
     * parameters of several independent models alike.
     */
    public Optimizer optimizer(int n) {
        return buildOptimizer((float) (priorPrecision(n) / n));
    }

    /** The optimiser of the Gaussian noise log σ: the same kind and learning rate, no weight decay. */
    public Optimizer noiseOptimizer() {
        return buildOptimizer(0f);
    }

    /**
     * Trains {@code net} in place on {@code train}, whose features must already be in the units the
     * network sees (standardised where that applies).
     */
    public TrainingResult train(Network net, Likelihood likelihood, Dataset train) {
        return train(net, likelihood, train, null);
    }

    /**
     * Trains {@code net} in place on {@code train}, measuring the NLL on {@code validation} (may be
     * null) after each epoch for early stopping. Both must already be in the units the network sees.
     * A network too small to split a step over threads trains on one intra-op thread
     * ({@link IntraOpThreads}); the caller's count is restored afterwards.
     */
    public TrainingResult train(Network net, Likelihood likelihood, Dataset train, Dataset validation) {
        try (IntraOpThreads threads = IntraOpThreads.forTraining(net.spec(), Math.min(batchSize,
                Math.max(1, train.rows())))) {
            return trainOnThisThread(net, likelihood, train, validation);
        }
    }

    /** {@link #train} at the intra-op threads chosen for it ({@link IntraOpThreads}). */
    private TrainingResult trainOnThisThread(Network net, Likelihood likelihood, Dataset train, Dataset validation) {
        checkData(net, likelihood, train, "training");
        if (validation != null) {
            checkData(net, likelihood, validation, "validation");
        }
        int n = train.rows();
        if (n == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        if (head != null) {
            checkHead(likelihood, train, "training");
            if (validation != null) {
                checkHead(likelihood, validation, "validation");
            }
        }
        double lambda = priorPrecision(n);
        Optimizer opt = optimizer(n);
        Optimizer noiseOpt = likelihood == Likelihood.GAUSSIAN ? noiseOptimizer() : null;
        FastGradientSign adversary = adversarialEpsilon > 0 ? FastGradientSign.of(adversarialEpsilon, train) : null;
        NDArray logSigma = null;
        if (likelihood == Likelihood.GAUSSIAN) {
            float start = (float) Math.log(initialSigma(train.targets()));
            logSigma = net.manager().full(new Shape(), start, DataType.FLOAT32);
            logSigma.setRequiresGradient(true);
        }
        MinibatchStep step = new MinibatchStep(net, likelihood, train, logSigma, opt, noiseOpt, adversary,
                penalty, head);
        int batches = (n + batchSize - 1) / batchSize;
        int maxEpochs = budget.maxEpochs(batches);
        TrainingBudget.Run run = budget.start(batches);
        listeners.forEach(l -> l.onStart(maxEpochs, batches));

        net.seedTrainingDropout(Seeds.derive(seed, -1));
        EpochOrder epochOrder = new EpochOrder(n, seed);
        List<EpochRecord> records = new ArrayList<>();
        float[] best = null;
        float bestLogSigma = Float.NaN;
        int bestEpoch = 0;
        boolean stopped = false;
        EarlyStopping stopping = earlyStopping(validation != null);
        long steps = 0;
        try {
            for (int epoch = 1; epoch <= maxEpochs; epoch++) {
                int[] order = epochOrder.next();
                long t0 = System.nanoTime();
                double nllSum = 0;
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize;
                    int to = Math.min(n, from + batchSize);
                    double nll = step.run(order, from, to);
                    nllSum += nll * (to - from);
                    for (TrainingListener l : listeners) {
                        l.onBatch(epoch, b, nll);
                    }
                }
                steps += batches;
                double seconds = (System.nanoTime() - t0) / 1e9;
                double valNll = validation == null ? Double.NaN
                        : Evaluation.meanNll(net, likelihood, validation, logSigma == null ? Float.NaN
                                : logSigma.getFloat(), head);
                EpochRecord rec = new EpochRecord(epoch, nllSum / n, valNll, seconds);
                records.add(rec);
                listeners.forEach(l -> l.onEpoch(rec));
                if (stopping != null) {
                    if (stopping.record(epoch, steps, valNll)) {
                        bestEpoch = epoch;
                        best = net.parameters();
                        bestLogSigma = logSigma == null ? Float.NaN : logSigma.getFloat();
                    } else if (stopping.exhausted(epoch, steps)) {
                        stopped = epoch < maxEpochs;
                        break;
                    }
                } else {
                    bestEpoch = epoch;
                }
                if (run.done(epoch, budget.fixed() ? rec.trainNll() : objective(rec.trainNll(), net, lambda, n))) {
                    break;
                }
            }
            if (best != null) {
                net.setParameters(best);
            }
            double sigma = logSigma == null ? Double.NaN
                    : Math.exp(best != null ? bestLogSigma : logSigma.getFloat());
            TrainingResult result = new TrainingResult(List.copyOf(records), bestEpoch, stopped, lambda, lambda / n,
                    sigma);
            listeners.forEach(l -> l.onEnd(result));
            return result;
        } finally {
            if (logSigma != null) {
                logSigma.close();
            }
        }
    }

    /** L(θ)/N = mean NLL + (λ/2N)‖θ‖² + R(θ)/N, the objective whose minimum is the MAP. */
    private double objective(double meanNll, Network net, double lambda, int n) {
        double sq = 0;
        for (float v : net.parameters()) {
            sq += (double) v * v;
        }
        double extra = penalty == null ? 0
                : Inputs.withoutGradients(() -> penalty.value(FlatParameters.arrays(net.block())));
        return meanNll + lambda / (2.0 * n) * sq + extra / n;
    }

    private Optimizer buildOptimizer(float wd) {
        if (optimizer == OptimizerKind.SGD) {
            return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(learningRate)).optMomentum(momentum)
                    .optWeightDecays(wd).build();
        }
        return FlushingAdam.create(learningRate, wd);
    }

    /** The standard deviation of the targets: where the noise σ starts (1 for standardised targets). */
    public static double initialSigma(float[] t) {
        double mean = 0;
        for (float v : t) {
            mean += v;
        }
        mean /= t.length;
        double var = 0;
        for (float v : t) {
            var += (v - mean) * (v - mean);
        }
        var /= t.length;
        return var > 1e-12 ? Math.sqrt(var) : 1.0;
    }

    private void checkHead(Likelihood likelihood, Dataset data, String what) {
        if (likelihood != Likelihood.CATEGORICAL) {
            throw new IllegalArgumentException("a head of active outputs needs a categorical likelihood, found "
                    + likelihood.cliName());
        }
        int[] labels = data.labels();
        for (int i = 0; i < labels.length; i++) {
            if (!head.isActive(labels[i])) {
                throw new IllegalArgumentException("row " + i + " of the " + what + " set has class " + labels[i]
                        + ", which is not among the head's classes " + java.util.Arrays.toString(head.classes()));
            }
        }
    }

    private static void checkData(Network net, Likelihood likelihood, Dataset data, String what) {
        if (data.featureCount() != net.spec().inputSize()) {
            throw new IllegalArgumentException("the network takes " + net.spec().inputSize() + " features, the "
                    + what + " set has " + data.featureCount());
        }
        if (data.task() != likelihood.task()) {
            throw new IllegalArgumentException("a " + likelihood.cliName() + " likelihood needs "
                    + likelihood.task().cliName() + " targets, the " + what + " set has "
                    + (data.task() == null ? "none" : data.task().cliName() + " targets"));
        }
        if (likelihood == Likelihood.CATEGORICAL && data.numClasses() != net.spec().outputs()) {
            throw new IllegalArgumentException("the network has " + net.spec().outputs() + " outputs, the " + what
                    + " set has " + data.numClasses() + " classes");
        }
    }

    /**
     * Options of MAP training; the defaults are those of {@link TrainingOptions} (Adam, lr 1e-3,
     * batch 64, λ = 1) and {@link TrainingBudget#untilConverged()}, seed 0.
     */
    public static final class Builder {
        private TrainingBudget budget = TrainingBudget.untilConverged();
        private int batchSize = TrainingOptions.BATCH_SIZE.defaultValue();
        private float learningRate = TrainingOptions.LEARNING_RATE.defaultValue().floatValue();
        private OptimizerKind optimizer = TrainingOptions.OPTIMIZER.defaultValue();
        private float momentum = TrainingOptions.MOMENTUM.defaultValue().floatValue();
        private Double priorPrecision;
        private Double weightDecay;
        private long seed;
        private Integer patience;
        private double adversarialEpsilon;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private ParameterPenalty penalty;
        private ActiveOutputs head;

        private Builder() {}

        /**
         * A term R(θ) added to the objective (e.g. a continual-learning penalty); null for none. The
         * caller owns it and keeps it open while training runs.
         */
        public Builder optPenalty(ParameterPenalty penalty) {
            this.penalty = penalty;
            return this;
        }

        /**
         * Train only the logits of {@code head} (one task's head of a multi-head classifier; null for all
         * outputs): the likelihood, and the validation NLL of early stopping, see the others set off.
         */
        public Builder optHead(ActiveOutputs head) {
            this.head = head;
            return this;
        }

        /** Exactly this many epochs (default: until the training objective levels off, {@link TrainingBudget}). */
        public Builder optEpochs(int epochs) {
            this.budget = TrainingBudget.epochs(epochs);
            return this;
        }

        public Builder optBudget(TrainingBudget budget) {
            this.budget = java.util.Objects.requireNonNull(budget, "budget");
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optLearningRate(double lr) {
            this.learningRate = (float) lr;
            return this;
        }

        public Builder optOptimizer(OptimizerKind kind) {
            this.optimizer = Objects.requireNonNull(kind, "optimizer");
            return this;
        }

        /** Momentum of SGD (default 0.9); ignored by Adam. */
        public Builder optMomentum(double momentum) {
            this.momentum = (float) momentum;
            return this;
        }

        /** The prior precision λ of N(0, 1/λ) on every parameter; weight decay = λ / N. */
        public Builder optPriorPrecision(double lambda) {
            this.priorPrecision = lambda;
            this.weightDecay = null;
            return this;
        }

        /** The per-example coupled weight decay; λ = weightDecay · N. */
        public Builder optWeightDecay(double wd) {
            this.weightDecay = wd;
            this.priorPrecision = null;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Early stopping on the validation set passed to {@code train}: training stops when its NLL
         * has not improved for {@code patience} epochs, and the best weights are kept; 0 turns it off
         * (the validation NLL is only reported). By default it stops
         * {@value TrainingBudget#PATIENCE_STEPS} optimiser steps after the best epoch unless the
         * number of epochs is fixed ({@link EarlyStopping#of}).
         */
        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /**
         * Adversarial training (off by default): each step adds NLL(x') for the fast-gradient-sign
         * inputs x' = x + ε·range ⊙ sign(∇_x NLL), ε relative to each input dimension's range over
         * the training set (Lakshminarayanan et al. 2017 use 0.01). Doubles the cost of a step.
         */
        public Builder optAdversarialEpsilon(double epsilon) {
            this.adversarialEpsilon = epsilon;
            return this;
        }

        public Builder addListener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Checks every option against its rule in {@link TrainingOptions}.
         *
         * @throws org.bdl4j.options.InvalidOptionException naming the option and the value found
         */
        public MapTrainer build() {
            TrainingOptions.BATCH_SIZE.check(batchSize);
            TrainingOptions.LEARNING_RATE.check((double) learningRate);
            TrainingOptions.MOMENTUM.check((double) momentum);
            if (priorPrecision != null) {
                TrainingOptions.PRIOR_PRECISION.check(priorPrecision);
            }
            if (weightDecay != null) {
                TrainingOptions.WEIGHT_DECAY.check(weightDecay);
            }
            if (priorPrecision == null && weightDecay == null) {
                priorPrecision = TrainingOptions.PRIOR_PRECISION.defaultValue();
            }
            if (patience != null) {
                TrainingOptions.PATIENCE.check(patience);
            }
            TrainingOptions.ADVERSARIAL_EPSILON.check(adversarialEpsilon);
            return new MapTrainer(this);
        }
    }
}
