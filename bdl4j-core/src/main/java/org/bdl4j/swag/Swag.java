package org.bdl4j.swag;

import com.google.gson.JsonObject;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.Seeds;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.FitChecks;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.NllGradient;
import org.bdl4j.train.StiffestCurvature;

/**
 * Stochastic Weight Averaging–Gaussian (Maddox, Izmailov, Garipov, Vetrov &amp; Wilson, "A Simple
 * Baseline for Bayesian Uncertainty in Deep Learning", NeurIPS 2019).
 *
 * <p>Starting from the MAP weights, SGD with momentum μ and learning rate η_k continues on the
 * per-example objective of {@link org.bdl4j.train.MapTrainer} (same prior N(0, 1/λ), i.e. coupled
 * weight decay λ/N):
 *
 * <pre>
 *   g = (1/B) Σ_{b ∈ batch} ∇[-log p(y_b | x_b, θ)] + (λ/N) θ,    v ← μ v + g,    θ ← θ - η_k v,
 * </pre>
 *
 * with η_k constant and a snapshot θ_i every epoch (or every {@link Builder#optSnapshotEvery K
 * steps}), or cyclic ({@link Builder#optCyclicLearningRate}) with a snapshot at each cycle's end.
 * Snapshots update the moments of {@link SwagMoments}: θ̄, σ² = θ²̄ - θ̄² and the last K deviations D
 * (P x K). The posterior is the Gaussian of {@link SwagCovariance}; {@link SwagPosterior} samples
 * from it. The Gaussian likelihood's noise σ stays at the MAP's value. Dropout is active during the
 * SGD phase, as in training; seeded minibatch order and dropout masks make runs reproducible.
 *
 * <p>The learning rate, unless given, is η = min({@value #MAX_LEARNING_RATE}, (1 + μ)/h), h the largest
 * curvature of the per-example objective at the MAP ({@link StiffestCurvature}): heavy-ball SGD is
 * stable only for η h &lt; 2(1 + μ), and a fixed rate that suits a classifier (h of order 1) throws a
 * small regression with little noise (h in the hundreds, the noise variance's inverse) out of its
 * basin, which SWAG's Gaussian then averages over. Half the stability limit keeps the iterates in the
 * basin and still moving.
 *
 * <p>What the Gaussian can and cannot hold: near a minimum, SGD's iterates spread with a covariance
 * Σ solving HΣ + ΣH = (η/B)·C (Mandt, Hoffman &amp; Blei 2017), C the covariance of the per-example
 * gradients. C vanishes in directions the data do not inform, where the posterior keeps the prior's
 * variance 1/λ; the weight decay there only contracts θ, without noise, so SWAG puts no variance in
 * them (exact for a linear model: {@code SwagTest}); in the informed directions the spread is set
 * by η/B rather than by the data's curvature. In-between uncertainty on {@code toy:regression-gap}
 * lives mostly in the first kind of direction: SWAG's gap ratio stays below 1.5 there (see
 * {@code SwagTest}).
 *
 * <p>The SGD phase itself ({@link #trajectory}) runs on any {@link Objective}: besides a bdl4j network,
 * all the weights of a user's TorchScript network (the {@code usermodel} package's whole-network SWAG).
 */
public final class Swag {
    /** The automatic learning rate's ceiling (Maddox et al.'s constant SWAG rate for small networks). */
    public static final double MAX_LEARNING_RATE = 0.01;
    /** The diagnostics' (and the manifest's) key of the learning rate SGD ran at. */
    static final String LEARNING_RATE_INFO = "swagLearningRate";

    private final int epochs;
    private final int batchSize;
    private final Double learningRate;
    private final double momentum;
    private final int snapshotEvery;
    private final Double minLearningRate;
    private final int cycleSteps;
    private final int rank;
    private final double scale;
    private final int samples;
    private final SwagCovariance covariance;
    private final Double priorPrecision;
    private final long seed;

    private Swag(Builder b) {
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        momentum = b.momentum;
        snapshotEvery = b.snapshotEvery;
        minLearningRate = b.minLearningRate;
        cycleSteps = b.cycleSteps;
        rank = b.rank;
        scale = b.scale;
        samples = b.samples;
        covariance = b.covariance;
        priorPrecision = b.priorPrecision;
        seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** These settings by option name (for model files). */
    public java.util.Map<String, String> settings() {
        OptionValues v = OptionValues.empty().with(SwagMethod.SAMPLES, samples).with(SwagMethod.EPOCHS, epochs)
                .with(SwagMethod.BATCH_SIZE, batchSize)
                .with(SwagMethod.MOMENTUM, momentum).with(SwagMethod.SNAPSHOT_EVERY, snapshotEvery)
                .with(SwagMethod.CYCLE_STEPS, cycleSteps).with(SwagMethod.RANK, rank).with(SwagMethod.SCALE, scale)
                .with(SwagMethod.COVARIANCE, covariance);
        v = learningRate == null ? v : v.with(SwagMethod.LEARNING_RATE, learningRate);
        if (cycleSteps > 0 && minLearningRate != null) {
            v = v.with(SwagMethod.MIN_LEARNING_RATE, minLearningRate);
        }
        return (priorPrecision == null ? v : v.with(SwagMethod.PRIOR_PRECISION, priorPrecision)).describe();
    }

    /**
     * Runs the SWAG phase from {@code map}'s weights on {@code train} (in the user's units, the same
     * rows the MAP was trained on). {@code map} is not modified and stays open.
     */
    public SwagPosterior fit(MapPosterior map, Dataset train) {
        Objects.requireNonNull(map, "map");
        double lambda = map.priorPrecision(priorPrecision);
        Dataset data = map.schema().toNetworkUnits(train);
        int n = data.rows();
        if (n == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        Network net = map.network().copy(DropoutMode.STANDARD);
        try {
            Trajectory t = trajectory(objective(net, new NllGradient(net, map.likelihood(), data, map.sigmaNoise(),
                    true)), objective(net, new NllGradient(net, map.likelihood(), data, map.sigmaNoise(), false)),
                    net.parameters(), lambda);
            JsonObject info = new JsonObject();
            info.addProperty("priorPrecision", lambda);
            info.addProperty("swagEpochs", epochs);
            info.addProperty(LEARNING_RATE_INFO, t.learningRate());
            if (learningRate == null) {
                info.addProperty("largestMeanCurvature", t.curvature());
            }
            info.addProperty("swagSchedule", cycleSteps > 0 ? "cyclic" : "constant");
            if (cycleSteps > 0) {
                info.addProperty("swagMinLearningRate", t.minLearningRate());
                info.addProperty("swagCycleSteps", cycleSteps);
            }
            info.addProperty("swagMomentum", momentum);
            info.addProperty("swagBatchSize", batchSize);
            info.addProperty("snapshots", t.snapshots());
            info.addProperty("trainRows", n);
            net.setParameters(t.gaussian().mean());
            double swaNll = FitChecks.meanNll(net, map.likelihood(), data, map.sigmaNoise());
            double mapNll = FitChecks.meanNll(map.network(), map.likelihood(), data, map.sigmaNoise());
            info.addProperty("swaMeanTrainNll", swaNll);
            info.addProperty("mapTrainNll", mapNll);
            ModelHeader header = map.header().derive(SwagPosterior.METHOD, train, settings()).withWarnings(
                    FitChecks.worseThanMap("SWAG's mean", swaNll, mapNll, "lower --swag-lr or --swag-epochs"));
            return new SwagPosterior(net, header, map.sigmaNoise(), t.gaussian(), samples, info);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /**
     * The summed negative log-likelihood E(θ) = Σ_r −log p(y_r | x_r, θ) over rows of a training set of N
     * rows and its gradient, at the weights θ it is given (a flat vector): what SWAG's SGD descends,
     * whatever network computes it (a bdl4j {@link Network}, a user's TorchScript module).
     */
    public interface Objective {
        /** N, the training rows. */
        int rows();

        /**
         * E over the rows {@code order[from..to)} at {@code theta}, with ∇E written into {@code grad}
         * (overwritten).
         */
        double sumNll(float[] theta, int[] order, int from, int to, float[] grad);

        /**
         * E over all N rows at {@code theta} and its full-batch gradient (for the learning rate's
         * curvature), in chunks of {@link StiffestCurvature#FULL_PASS_CHUNK} rows.
         */
        default double sumNll(float[] theta, float[] grad) {
            int[] all = Splits.identity(rows());
            float[] part = new float[grad.length];
            double total = 0;
            for (int from = 0; from < rows(); from += StiffestCurvature.FULL_PASS_CHUNK) {
                total += sumNll(theta, all, from, Math.min(rows(), from + StiffestCurvature.FULL_PASS_CHUNK),
                        from == 0 ? grad : part);
                if (from > 0) {
                    for (int i = 0; i < grad.length; i++) {
                        grad[i] += part[i];
                    }
                }
            }
            return total;
        }
    }

    /** {@code nll} on {@code net}, θ set into the network before each pass. */
    private static Objective objective(Network net, NllGradient nll) {
        return new Objective() {
            @Override
            public int rows() {
                return nll.rows();
            }

            @Override
            public double sumNll(float[] theta, int[] order, int from, int to, float[] grad) {
                net.setParameters(theta);
                return nll.sumNll(order, from, to, grad, false);
            }

            @Override
            public double sumNll(float[] theta, float[] grad) {
                net.setParameters(theta);
                return nll.sumNll(grad, StiffestCurvature.FULL_PASS_CHUNK);
            }
        };
    }

    /**
     * What the SGD phase found: the Gaussian of its snapshots, their number, and the rates it ran at.
     *
     * @param priorPrecision λ of the prior N(0, 1/λ), whose weight decay λ/N the steps applied
     * @param learningRate η (the cycle's highest, if cyclic)
     * @param minLearningRate the cycle's lowest, if cyclic (else η/10, unused)
     * @param curvature h_max at the start when the learning rate was chosen from it, else NaN
     */
    public record Trajectory(SwagGaussian gaussian, int snapshots, double priorPrecision, double learningRate,
            double minLearningRate, double curvature) {}

    /**
     * The SGD phase of the class comment from {@code start} on {@code stochastic} (the steps; dropout on
     * for a bdl4j network) with these settings and seed, and the Gaussian of its snapshots: the minibatch
     * order is a permutation seeded with the seed, reshuffled every epoch; with no learning rate given,
     * η = min({@value #MAX_LEARNING_RATE}, (1 + μ)/h) with h the largest curvature of {@code deterministic}'s
     * per-example objective at {@code start} ({@link StiffestCurvature}: 2 × {@value
     * StiffestCurvature#ITERATIONS} full passes over the rows). The objectives' weights are left at the
     * last iterate.
     *
     * @param defaultPriorPrecision λ when these settings give none (the MAP's)
     * @throws IllegalArgumentException when the SGD phase took too few snapshots for the covariance
     */
    public Trajectory trajectory(Objective stochastic, Objective deterministic, float[] start,
            double defaultPriorPrecision) {
        double lambda = priorPrecision != null ? priorPrecision : defaultPriorPrecision;
        int n = stochastic.rows();
        if (n == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        double curvature = learningRate == null ? meanCurvature(deterministic, start, lambda) : Double.NaN;
        double high = learningRate != null ? learningRate
                : curvature > 0 ? Math.min(MAX_LEARNING_RATE, (1 + momentum) / curvature) : MAX_LEARNING_RATE;
        double low = minLearningRate != null ? minLearningRate : high / 10;
        if (cycleSteps > 0 && low > high) {
            throw InvalidOptionException.mustBe(SwagMethod.MIN_LEARNING_RATE.name(), "at most the learning rate "
                    + high + " chosen from the curvature (or give {" + SwagMethod.LEARNING_RATE.name() + "})", low);
        }
        SwagMoments moments = collect(stochastic, start, lambda / n, high, low);
        int need = covariance == SwagCovariance.LOW_RANK ? 2 : 1;
        if (moments.count() < need) {
            throw new IllegalArgumentException(covariance.cliName() + " SWAG needs at least " + need
                    + " snapshots, found " + moments.count() + " (raise epochs or lower snapshotEvery)");
        }
        float[][] dev = covariance == SwagCovariance.LOW_RANK ? moments.deviations() : new float[0][];
        return new Trajectory(new SwagGaussian(moments.mean(), moments.variance(), dev, covariance, scale),
                moments.count(), lambda, high, low, curvature);
    }

    /**
     * h_max of the per-example objective (1/N)(Σ -log p(y_n | x_n, θ) + (λ/2)‖θ‖²) that the SGD phase
     * descends, at {@code theta} ({@link StiffestCurvature}; dropout off, so the objective is
     * deterministic).
     */
    private double meanCurvature(Objective deterministic, float[] theta, double lambda) {
        int n = deterministic.rows();
        return StiffestCurvature.of((th, g) -> {
            double e = deterministic.sumNll(th, g);
            double sq = 0;
            for (int i = 0; i < th.length; i++) {
                g[i] += (float) lambda * th[i];
                sq += (double) th[i] * th[i];
            }
            return e + 0.5 * lambda * sq;
        }, theta, Seeds.derive(seed, -2)) / n;
    }

    private SwagMoments collect(Objective nll, float[] start, double weightDecay, double high, double low) {
        int n = nll.rows();
        int p = start.length;
        float[] theta = start.clone();
        float[] velocity = new float[p];
        float[] grad = new float[p];
        float wd = (float) weightDecay;
        float mu = (float) momentum;
        SwagMoments moments = new SwagMoments(p, rank);
        Seeds.seedEngine(Seeds.derive(seed, -1));
        SplittableRandom shuffler = new SplittableRandom(seed);
        int[] order = Splits.permutation(n, seed);
        long steps = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            Splits.shuffle(order, shuffler);
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                double e = nll.sumNll(theta, order, from, to, grad);
                if (!Double.isFinite(e)) {
                    throw new IllegalStateException("SWAG diverged: the batch NLL is " + e
                            + " (try a smaller learning rate)");
                }
                float invB = 1f / (to - from);
                steps++;
                float lr = (float) (cycleSteps == 0 ? high : cyclicLearningRate(steps, high, low, cycleSteps));
                for (int i = 0; i < p; i++) {
                    velocity[i] = mu * velocity[i] + grad[i] * invB + wd * theta[i];
                    theta[i] -= lr * velocity[i];
                }
                boolean due = cycleSteps > 0 ? steps % cycleSteps == 0 : snapshotEvery > 0 && steps % snapshotEvery == 0;
                if (due) {
                    moments.add(theta);
                }
            }
            if (cycleSteps == 0 && snapshotEvery == 0) {
                moments.add(theta);
            }
        }
        return moments;
    }

    /**
     * η_k of step k = 1, 2, ... in cycles of c steps falling linearly from η₁ to η₂ (Izmailov et al.
     * 2018, eq. 2): η_k = (1 - t_k) η₁ + t_k η₂, t_k = (((k - 1) mod c) + 1)/c, so a cycle's last step
     * (where the snapshot is taken) runs at η₂.
     */
    static double cyclicLearningRate(long step, double high, double low, int cycle) {
        double t = (double) ((step - 1) % cycle + 1) / cycle;
        return (1 - t) * high + t * low;
    }

    /**
     * Options; defaults: 20 epochs, batch 128, SGD lr min(0.01, (1 + μ)/h) (constant; h the
     * objective's largest curvature at the MAP, see the class comment) with momentum μ = 0.9, a snapshot per
     * epoch, rank K = 20, low-rank covariance, covariance scale 0.5, 30 samples, the MAP's prior
     * precision, seed 0.
     */
    public static final class Builder {
        private int epochs = SwagMethod.EPOCHS.defaultValue();
        private int batchSize = SwagMethod.BATCH_SIZE.defaultValue();
        private Double learningRate = SwagMethod.LEARNING_RATE.defaultValue();
        private double momentum = SwagMethod.MOMENTUM.defaultValue();
        private int snapshotEvery;
        private Double minLearningRate;
        private int cycleSteps;
        private int rank = SwagMethod.RANK.defaultValue();
        private double scale = SwagMethod.SCALE.defaultValue();
        private int samples = SwagMethod.SAMPLES.defaultValue();
        private SwagCovariance covariance = SwagMethod.COVARIANCE.defaultValue();
        private Double priorPrecision;
        private long seed;

        private Builder() {}

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The constant SGD learning rate η of the SWAG phase. */
        public Builder optLearningRate(Double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** A snapshot every {@code steps} minibatch steps; 0 (the default) = once per epoch. */
        public Builder optSnapshotEvery(int steps) {
            this.snapshotEvery = steps;
            return this;
        }

        /**
         * A cyclic learning rate instead of the constant one: cycles of {@code cycleSteps} steps over
         * which it falls linearly from the learning rate η₁ to {@code minLearningRate} η₂, with a
         * snapshot at the end of each cycle (Izmailov et al. 2018, SWA; replaces {@link #optSnapshotEvery}).
         */
        public Builder optCyclicLearningRate(Double minLearningRate, int cycleSteps) {
            this.minLearningRate = minLearningRate;
            this.cycleSteps = cycleSteps;
            return this;
        }

        /** K, the number of most recent deviations kept for the low-rank part. */
        public Builder optRank(int rank) {
            this.rank = rank;
            return this;
        }

        /**
         * The covariance scale s: samples come from N(θ̄, s·Σ̂) (the reference implementation's {@code scale}; the
         * default 0.5 gives the paper's ½(diag σ² + DDᵀ/(K-1)); see {@link SwagPosterior}).
         */
        public Builder optScale(double scale) {
            this.scale = scale;
            return this;
        }

        /** S, the number of weight samples of the predictive. */
        public Builder optSamples(int samples) {
            this.samples = samples;
            return this;
        }

        public Builder optCovariance(SwagCovariance covariance) {
            this.covariance = Objects.requireNonNull(covariance, "covariance");
            return this;
        }

        /** λ of the prior N(0, 1/λ); default: the one the MAP network was trained under. */
        public Builder optPriorPrecision(double lambda) {
            this.priorPrecision = lambda;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Checks every option against its rule in {@link SwagMethod}. */
        public Swag build() {
            SwagMethod.EPOCHS.check(epochs);
            SwagMethod.BATCH_SIZE.check(batchSize);
            if (learningRate != null) {
                SwagMethod.LEARNING_RATE.check(learningRate);
            }
            SwagMethod.MOMENTUM.check(momentum);
            SwagMethod.SNAPSHOT_EVERY.check(snapshotEvery);
            SwagMethod.CYCLE_STEPS.check(cycleSteps);
            if (cycleSteps > 0 && minLearningRate != null && !(minLearningRate > 0
                    && (learningRate == null || minLearningRate <= learningRate))) {
                throw InvalidOptionException.mustBe(SwagMethod.MIN_LEARNING_RATE.name(), "in (0, "
                        + learningRate + "] (at most {" + SwagMethod.LEARNING_RATE.name() + "})", minLearningRate);
            }
            if (cycleSteps > 0 && snapshotEvery > 0) {
                throw new InvalidOptionException(SwagMethod.SNAPSHOT_EVERY.name(), "{"
                        + SwagMethod.SNAPSHOT_EVERY.name() + "} must be 0 with a cyclic learning rate (snapshots at"
                        + " each cycle's end), found " + snapshotEvery);
            }
            SwagMethod.RANK.check(rank);
            SwagMethod.SCALE.check(scale);
            SwagMethod.SAMPLES.check(samples);
            if (priorPrecision != null) {
                SwagMethod.PRIOR_PRECISION.check(priorPrecision);
            }
            return new Swag(this);
        }
    }
}
