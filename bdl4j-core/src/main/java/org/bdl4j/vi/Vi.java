package org.bdl4j.vi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.Seeds;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.FitChecks;
import org.bdl4j.train.FlushingAdam;
import org.bdl4j.train.Losses;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingBudget;

/**
 * Mean-field Gaussian variational inference (Bayes by Backprop; Blundell et al. 2015) for the MLPs
 * and small CNNs of {@link NetworkSpec}: every Linear and Conv2d layer of the network becomes a
 * mean-field layer ({@link BayesianNetwork}), the gradient estimator is a strategy ({@link Estimator}:
 * reparameterisation, local reparameterisation, Flipout) and so is the prior with its KL term
 * ({@link Prior}: Gaussian with the closed-form KL, or Blundell's scale mixture with a Monte Carlo KL).
 *
 * <p>The negative ELBO −L(q) = Σ_{n=1}^{N} E_q[−log p(y_n | x_n, θ)] + β_t KL(q ‖ p) is minimised
 * per minibatch B, with one noise draw, as the per-example objective of {@link NegativeElbo}:
 * (1/|B|) Σ_{b ∈ B} −log p(y_b | x_b, θ̃) + β_t KL / N, i.e. the unbiased minibatch estimate
 * (N/|B|) Σ_B NLL + β_t KL divided by N (the scale of {@link MapTrainer}). β_t follows a
 * {@link KlSchedule}: {@code klWeight} after an optional linear warm-up from 0; {@code klWeight} = 1
 * is the true ELBO. Each epoch's expected NLL and KL are reported separately ({@link ViEpochRecord},
 * {@link ViListener}).
 *
 * <p>q starts from the MAP network as {@link ViInit} says (by default at the diagonal Laplace
 * approximation, the mean-field optimum of the ELBO's quadratic expansion; else the MAP weights with
 * σ₀, MOPED, or random means). Without a fixed number of epochs, training runs until the per-example
 * negative ELBO (after any KL warm-up) levels off, by the rule of {@link TrainingBudget}. The Gaussian likelihood's noise σ is the MAP's and is held fixed. Dropout is not used.
 * Minibatch order comes from a seeded SplittableRandom, the ε draws from the seeded engine generator.
 */
public final class Vi {
    /** The method name in manifests and on the command line. */
    public static final String METHOD = "vi";
    /**
     * The most optimiser steps of a run without fixed epochs, a cost cap: mean-field q's negative ELBO
     * on a small data set keeps creeping down for tens of thousands of steps (its thousands of σ move
     * about lr a step) at some 4 ms a step, minutes for little change in the predictive; 5,000 steps
     * at batch 128 see each of 50,000 rows about 13 times.
     */
    public static final int MAX_STEPS = 5_000;

    private final Estimator estimator;
    private final Integer epochs; // null: until the negative ELBO levels off
    private final int batchSize;
    private final double learningRate;
    private final double klWeight;
    private final int warmupSteps;
    private final int warmupEpochs;
    private final double initialSigma;
    private final Double priorPrecision;
    private final Prior prior;
    private final ViInit init;
    private final double mopedDelta;
    private final int samples;
    private final long seed;
    private final List<ViListener> listeners;

    private Vi(Builder b) {
        estimator = b.estimator;
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        klWeight = b.klWeight;
        warmupSteps = b.warmupSteps;
        warmupEpochs = b.warmupEpochs;
        initialSigma = b.initialSigma;
        priorPrecision = b.priorPrecision;
        prior = b.prior;
        init = b.init;
        mopedDelta = b.mopedDelta;
        samples = b.samples;
        seed = b.seed;
        listeners = List.copyOf(b.listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** These settings by option name (for model files), with the prior used. */
    public java.util.Map<String, String> settings(Prior used) {
        OptionValues v = OptionValues.empty().with(ViMethod.SAMPLES, samples).with(ViMethod.ESTIMATOR, estimator)
                .with(ViMethod.BATCH_SIZE, batchSize)
                .with(ViMethod.LEARNING_RATE, learningRate).with(ViMethod.KL_WEIGHT, klWeight)
                .with(ViMethod.INIT, init);
        v = warmupEpochs > 0 ? v.with(ViMethod.KL_WARMUP_EPOCHS, warmupEpochs)
                : v.with(ViMethod.KL_WARMUP_STEPS, warmupSteps);
        v = switch (init) {
            case MOPED -> v.with(ViMethod.MOPED_DELTA, mopedDelta);
            case MAP, RANDOM -> v.with(ViMethod.INITIAL_SIGMA, initialSigma);
            case LAPLACE -> v;
        };
        java.util.Map<String, String> out = v.describe();
        out.put(ViMethod.EPOCHS.name(), epochs == null ? "auto" : epochs.toString());
        out.put("prior", describe(used));
        return out;
    }

    /** "gaussian (precision 1.0)", "mixture (pi 0.5, sigma1 1.0, sigma2 0.0025)". */
    private static String describe(Prior prior) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        prior.toJson().entrySet().stream().filter(e -> !e.getKey().equals("type"))
                .forEach(e -> parts.add(e.getKey() + " " + e.getValue()));
        return prior.cliName() + " (" + String.join(", ", parts) + ")";
    }

    /** The KL schedule of a run with {@code batchesPerEpoch} minibatches per epoch. */
    public KlSchedule klSchedule(int batchesPerEpoch) {
        return new KlSchedule(klWeight, warmupEpochs > 0 ? (long) warmupEpochs * batchesPerEpoch : warmupSteps);
    }

    /** Fits q from {@code map}'s weights on {@code train} (user units); {@code map} stays open. */
    public ViPosterior fit(MapPosterior map, Dataset train) {
        return fit(map, train, null);
    }

    /**
     * Fits q from {@code map}'s weights on {@code train}; with {@code validation} rows (user units, may
     * be null) and no fixed number of epochs, the q of the best validation NLL is kept and training
     * stops once it has not improved for a while ({@link ViValidation}).
     */
    public ViPosterior fit(MapPosterior map, Dataset train, Dataset validation) {
        Objects.requireNonNull(map, "map");
        Prior p = prior(map);
        Dataset data = map.schema().toNetworkUnits(train);
        int n = data.rows();
        if (n == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        int batches = (n + batchSize - 1) / batchSize;
        KlSchedule schedule = klSchedule(batches);
        Likelihood likelihood = map.likelihood();
        float logSigma = (float) Math.log(map.sigmaNoise());
        double initPrecision = p instanceof GaussianPrior g ? g.precision()
                : map.priorPrecision() >= 0 ? map.priorPrecision() : 1.0;
        float[][] start = init.meanAndStd(map.network(), initialSigma, mopedDelta, seed,
                new ViInit.Curvature(data, likelihood, map.sigmaNoise(), initPrecision, batchSize));
        TrainingBudget budget = TrainingBudget.untilConverged(MAX_STEPS);
        int maxEpochs = epochs != null ? epochs : budget.maxEpochs(batches) + warmupEpochs(schedule, batches);
        try (NDManager manager = NDManager.newBaseManager(map.network().device());
                ViValidation checks = validation == null || epochs != null ? null : new ViValidation(map.network(),
                        validation, likelihood, map.schema(), map.sigmaNoise(), Seeds.derive(seed, -2))) {
            double startScale = checks != null && init == ViInit.LAPLACE ? checks.bestScale(start[0], start[1]) : 1;
            for (int i = 0; i < start[1].length; i++) {
                start[1][i] *= (float) startScale;
            }
            if (checks != null) {
                checks.measure(0, 0, start[0], start[1]);
            }
            BayesianNetwork net = BayesianNetwork.of(map.network(), start[0], start[1], manager);
            Optimizer adam = FlushingAdam.create((float) learningRate, 0f);
            Seeds.seedEngine(Seeds.derive(seed, -1));
            SplittableRandom shuffler = new SplittableRandom(seed);
            int[] order = Splits.permutation(n, seed);
            listeners.forEach(l -> l.onStart(maxEpochs, batches));
            long step = 0;
            ViEpochRecord last = null;
            TrainingBudget.Run run = null; // without fixed epochs: started once the KL weight has reached β
            for (int epoch = 1; epoch <= maxEpochs; epoch++) {
                Splits.shuffle(order, shuffler);
                long t0 = System.nanoTime();
                double nllSum = 0;
                double klSum = 0;
                double firstWeight = schedule.at(step);
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize;
                    int to = Math.min(n, from + batchSize);
                    double[] nllKl = step(manager, net, p, likelihood, data, order, from, to, logSigma,
                            schedule.at(step), n, adam);
                    if (!Double.isFinite(nllKl[0]) || !Double.isFinite(nllKl[1])) {
                        throw new IllegalStateException("VI diverged: the batch NLL is " + nllKl[0] + " and the KL "
                                + nllKl[1] + " (try a smaller learning rate)");
                    }
                    nllSum += nllKl[0] * (to - from);
                    klSum += nllKl[1];
                    step++;
                    for (ViListener l : listeners) {
                        l.onBatch(epoch, b, nllKl[0]);
                    }
                }
                ViEpochRecord rec = new ViEpochRecord(epoch, nllSum, klSum / batches, firstWeight,
                        schedule.at(step - 1), (System.nanoTime() - t0) / 1e9);
                listeners.forEach(l -> l.onEpoch(rec));
                last = rec;
                if (run == null && epochs == null && schedule.at(step - 1) >= schedule.weight()) {
                    run = budget.start(batches);
                }
                boolean converged = run != null && run.done(epoch, (nllSum + schedule.weight() * rec.kl()) / n);
                if (checks != null && checks.check(epoch, step, net, converged || epoch == maxEpochs)) {
                    break;
                }
                if (converged) {
                    break;
                }
            }
            int epochsRun = last == null ? 0 : last.epoch();
            listeners.forEach(ViListener::onEnd);
            float[][] chosen = checks != null && checks.best() != null ? checks.best()
                    : new float[][] {net.mean(), net.std()};
            float[] mean = chosen[0];
            float[] std = chosen[1];
            JsonObject info = info(p, schedule, n, last, epochsRun);
            if (checks != null) {
                info.addProperty("initialSigmaScale", startScale);
                info.addProperty("bestValidationEpoch", checks.bestEpoch());
                info.addProperty("bestValidationNll", checks.bestNll());
            }
            Network out = Network.withParameters(map.network().spec(), DropoutMode.STANDARD, mean,
                    map.network().device());
            double mapNll = FitChecks.meanNll(map.network(), likelihood, data, map.sigmaNoise());
            // with validation rows the q kept is the one of best held-out NLL; the check is on the last epoch's q
            List<String> warnings = last == null || checks != null ? List.of()
                    : FitChecks.worseThanMap("VI's q (its expected NLL)", last.nll() / n, mapNll,
                            "lower --kl-weight (mean-field VI under-fits small data sets with many weights)");
            return new ViPosterior(out, map.header().derive(METHOD, train, settings(p)).withWarnings(warnings),
                    map.sigmaNoise(), mean, std, p, samples, info);
        }
    }

    private Prior prior(MapPosterior map) {
        if (prior != null) {
            return prior;
        }
        return new GaussianPrior(map.priorPrecision(priorPrecision));
    }

    /** The epochs of a KL warm-up, which come before the budget's count. */
    private static int warmupEpochs(KlSchedule schedule, int batches) {
        return (int) ((schedule.warmupSteps() + batches - 1) / batches);
    }

    private JsonObject info(Prior p, KlSchedule schedule, int n, ViEpochRecord last, int epochsRun) {
        JsonObject info = new JsonObject();
        if (p instanceof GaussianPrior g) {
            info.addProperty("priorPrecision", g.precision());
        }
        info.addProperty("estimator", estimator.cliName());
        info.addProperty("init", init.cliName());
        if (init == ViInit.MOPED) {
            info.addProperty("mopedDelta", mopedDelta);
        } else if (init != ViInit.LAPLACE) {
            info.addProperty("initialSigma", initialSigma);
        }
        info.addProperty("viEpochs", epochsRun);
        info.addProperty("viBatchSize", batchSize);
        info.addProperty("viLearningRate", learningRate);
        info.addProperty("klWeight", schedule.weight());
        info.addProperty("klWarmupSteps", schedule.warmupSteps());
        if (last != null) {
            info.addProperty("lastEpochNll", last.nll());
            info.addProperty("lastEpochKl", last.kl());
        }
        info.addProperty("trainRows", n);
        return info;
    }

    /** One optimisation step on rows order[from, to); returns the batch's mean NLL and the KL. */
    private double[] step(NDManager manager, BayesianNetwork net, Prior p, Likelihood likelihood, Dataset data,
            int[] order, int from, int to, float logSigma, double beta, int n, Optimizer adam) {
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = Inputs.gather(batch, data.features(), data.featureShape(), order, from, to);
            NDArray y = Inputs.truth(batch, likelihood, data, order, from, to);
            NDArray ls = likelihood == Likelihood.GAUSSIAN ? batch.full(new Shape(), logSigma, DataType.FLOAT32) : null;
            double nll;
            double kl;
            // the scope frees the intermediates that land in the parameters' manager (softplus(ρ), ...)
            try (NDScope scope = new NDScope();
                    GradientCollector gc = Inputs.gradientCollector()) {
                BayesianNetwork.Pass pass = net.sample(x, estimator, p, batch);
                NDArray meanNll = Losses.meanNll(likelihood, pass.output(), y, ls);
                gc.backward(NegativeElbo.perExample(meanNll, pass.kl(), beta, n));
                nll = meanNll.getFloat();
                kl = pass.kl().getFloat();
            }
            int id = 0;
            for (MeanFieldLayer layer : net.layers()) {
                for (NDArray param : layer.parameters()) {
                    NDArray g = param.getGradient();
                    g.attach(batch);
                    adam.update("p" + id++, param, g);
                }
            }
            return new double[] {nll, kl};
        }
    }

    /**
     * Options; defaults (those of {@link ViMethod}): local reparameterisation, epochs until the
     * negative ELBO levels off, batch 128, Adam lr 1e-3, KL weight 1 without warm-up, the Gaussian
     * prior with the MAP's precision, q started at the diagonal Laplace approximation
     * ({@link ViInit#LAPLACE}), 100 predictive samples, seed 0.
     */
    public static final class Builder {
        private Estimator estimator = ViMethod.ESTIMATOR.defaultValue();
        private Integer epochs = ViMethod.EPOCHS.defaultValue();
        private int batchSize = ViMethod.BATCH_SIZE.defaultValue();
        private double learningRate = ViMethod.LEARNING_RATE.defaultValue();
        private double klWeight = ViMethod.KL_WEIGHT.defaultValue();
        private int warmupSteps;
        private int warmupEpochs;
        private double initialSigma = ViMethod.INITIAL_SIGMA.defaultValue();
        private Double priorPrecision;
        private Prior prior;
        private ViInit init = ViMethod.INIT.defaultValue();
        private double mopedDelta = ViMethod.MOPED_DELTA.defaultValue();
        private int samples = ViMethod.SAMPLES.defaultValue();
        private long seed;
        private final List<ViListener> listeners = new ArrayList<>();

        private Builder() {}

        public Builder optEstimator(Estimator estimator) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

        /**
         * Exactly this many VI epochs (a KL warm-up included); 0 returns q as initialised. Default: after
         * the warm-up, until the per-example negative ELBO levels off ({@link TrainingBudget}).
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** β, the final weight of the KL term (1 = the ELBO). */
        public Builder optKlWeight(double klWeight) {
            this.klWeight = klWeight;
            return this;
        }

        /** Steps over which the KL weight rises linearly from 0 to β (0 = none); replaces an epoch warm-up. */
        public Builder optKlWarmupSteps(int steps) {
            this.warmupSteps = steps;
            this.warmupEpochs = 0;
            return this;
        }

        /** Epochs over which the KL weight rises linearly from 0 to β ({@link KlSchedule}); replaces a step warm-up. */
        public Builder optKlWarmupEpochs(int epochs) {
            this.warmupEpochs = epochs;
            this.warmupSteps = 0;
            return this;
        }

        /** σ₀, the initial posterior standard deviation of every weight ({@link ViInit#MAP}, {@link ViInit#RANDOM}). */
        public Builder optInitialSigma(double sigma) {
            this.initialSigma = sigma;
            return this;
        }

        /** How q starts (default {@link ViInit#MAP}). */
        public Builder optInit(ViInit init) {
            this.init = Objects.requireNonNull(init, "init");
            return this;
        }

        /** MOPED's δ, σ = δ·|w_MAP| (default 0.1); used with {@link ViInit#MOPED}. */
        public Builder optMopedDelta(double delta) {
            this.mopedDelta = delta;
            return this;
        }

        /** λ of the Gaussian prior N(0, 1/λ); default: the one the MAP network was trained under. */
        public Builder optPriorPrecision(double lambda) {
            this.priorPrecision = lambda;
            this.prior = null;
            return this;
        }

        /** The Gaussian prior's standard deviation σ_p, i.e. λ = 1/σ_p². */
        public Builder optPriorSigma(double sigma) {
            ViMethod.PRIOR_SIGMA.check(sigma);
            return optPriorPrecision(1 / (sigma * sigma));
        }

        /** The prior (and with it the KL term); replaces {@link #optPriorPrecision}. */
        public Builder optPrior(Prior prior) {
            this.prior = Objects.requireNonNull(prior, "prior");
            this.priorPrecision = null;
            return this;
        }

        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Receives each epoch's NLL and KL. */
        public Builder addListener(ViListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Checks every option against its rule in {@link ViMethod}. */
        public Vi build() {
            if (epochs != null) {
                ViMethod.EPOCHS.check(epochs);
            }
            ViMethod.BATCH_SIZE.check(batchSize);
            ViMethod.LEARNING_RATE.check(learningRate);
            ViMethod.KL_WEIGHT.check(klWeight);
            ViMethod.KL_WARMUP_STEPS.check(warmupSteps);
            ViMethod.KL_WARMUP_EPOCHS.check(warmupEpochs);
            ViMethod.INITIAL_SIGMA.check(initialSigma);
            ViMethod.MOPED_DELTA.check(mopedDelta);
            if (priorPrecision != null) {
                ViMethod.PRIOR_PRECISION.check(priorPrecision);
            }
            ViMethod.SAMPLES.check(samples);
            return new Vi(this);
        }
    }
}
