package org.bdl4j.vi;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonObject;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.nn.Architecture;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.Scalars;
import org.bdl4j.nn.Seeds;
import org.bdl4j.train.Losses;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;

/**
 * Mean-field Gaussian variational inference for MLPs (Bayes by Backprop; Blundell et al. 2015), with
 * the gradient estimator as a strategy ({@link Estimator}) and the closed-form Gaussian KL
 * ({@link GaussianKl}).
 *
 * <p>The negative ELBO -L(q) = Σ_{n=1}^{N} E_q[-log p(y_n | x_n, θ)] + KL(q ‖ N(0, 1/λ)) is estimated
 * on a minibatch B with one noise draw as N · (1/|B|) Σ_{b ∈ B} -log p(y_b | x_b, θ̃) + β_t KL; the
 * optimiser (Adam) minimises it divided by N, i.e. the batch-mean NLL + β_t KL / N (the per-example
 * scale of {@link MapTrainer}). β_t = {@code klWeight} · min(1, t / warm-up steps) (KL warm-up /
 * annealing; Sønderby et al. 2016); {@code klWeight} = 1 is the true ELBO.
 *
 * <p>The means start at the MAP weights, the scales at σ₀ (ρ = log(e^σ₀ - 1)). The Gaussian
 * likelihood's noise σ is the MAP's and is held fixed. Dropout is not used. Minibatch order comes
 * from a seeded SplittableRandom, the ε draws from the seeded engine generator.
 */
public final class Vi {
    /** The method name in manifests and on the command line. */
    public static final String METHOD = "vi";

    private final Estimator estimator;
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final double klWeight;
    private final int warmupSteps;
    private final double initialSigma;
    private final Double priorPrecision;
    private final int samples;
    private final long seed;

    private Vi(Builder b) {
        estimator = b.estimator;
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        klWeight = b.klWeight;
        warmupSteps = b.warmupSteps;
        initialSigma = b.initialSigma;
        priorPrecision = b.priorPrecision;
        samples = b.samples;
        seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * For the command line: MAP with {@code trainer} (as {@link MapPosterior#fit}), then VI with the
     * defaults of {@link Builder}, {@code samples} predictive samples and {@code seed}.
     */
    public static ViPosterior fit(Dataset train, Dataset validation, Likelihood likelihood, NetworkSpec spec,
            boolean standardize, MapTrainer trainer, int samples, long seed) {
        Vi vi = builder().optSamples(samples).optSeed(seed).build();
        try (MapPosterior map = MapPosterior.fit(train, validation, likelihood, spec, standardize, trainer, seed)) {
            return vi.fit(map, train);
        }
    }

    /** Fits q from {@code map}'s weights on {@code train} (user units); {@code map} stays open. */
    public ViPosterior fit(MapPosterior map, Dataset train) {
        Objects.requireNonNull(map, "map");
        NetworkSpec spec = map.network().spec();
        if (spec.architecture() != Architecture.MLP) {
            throw new IllegalArgumentException("VI supports MLP networks, found " + spec.architecture().cliName());
        }
        double lambda = priorPrecision != null ? priorPrecision : map.priorPrecision();
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("prior precision must be > 0, found " + lambda
                    + " (the MAP model does not record one: set optPriorPrecision)");
        }
        Dataset data = map.schema().toNetworkUnits(train);
        int n = data.rows();
        Likelihood likelihood = map.likelihood();
        float logSigma = (float) Math.log(map.sigmaNoise());
        int[] widths = widths(spec);
        float[] theta = map.network().parameters();
        float rho = (float) Math.log(Math.expm1(initialSigma));
        try (NDManager manager = NDManager.newBaseManager(map.network().device())) {
            List<MeanFieldLinear> layers = new ArrayList<>();
            int offset = 0;
            for (int l = 0; l + 1 < widths.length; l++) {
                int in = widths[l];
                int out = widths[l + 1];
                float[] w = java.util.Arrays.copyOfRange(theta, offset, offset + in * out);
                float[] b = java.util.Arrays.copyOfRange(theta, offset + in * out, offset + in * out + out);
                offset += in * out + out;
                layers.add(new MeanFieldLinear(manager, w, b, in, out, rho));
            }
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build();
            Seeds.seedEngine(Seeds.derive(seed, -1));
            SplittableRandom shuffler = new SplittableRandom(seed);
            int[] order = Splits.permutation(n, seed);
            long step = 0;
            double lastLoss = Double.NaN;
            for (int epoch = 0; epoch < epochs; epoch++) {
                Splits.shuffle(order, shuffler);
                for (int from = 0; from < n; from += batchSize) {
                    int to = Math.min(n, from + batchSize);
                    step++;
                    double beta = klWeight * (warmupSteps == 0 ? 1.0 : Math.min(1.0, (double) step / warmupSteps));
                    lastLoss = step(manager, layers, spec, likelihood, data, order, from, to, logSigma, lambda,
                            (float) (beta / n), adam);
                    if (!Double.isFinite(lastLoss)) {
                        throw new IllegalStateException("VI diverged: the loss is " + lastLoss
                                + " (try a smaller learning rate)");
                    }
                }
            }
            float[] mean = new float[theta.length];
            float[] std = new float[theta.length];
            offset = 0;
            for (MeanFieldLinear layer : layers) {
                offset = copy(layer.weightMean, mean, offset);
                offset = copy(layer.biasMean, mean, offset);
            }
            offset = 0;
            for (MeanFieldLinear layer : layers) {
                offset = copy(layer.weightSigma(), std, offset);
                offset = copy(layer.biasSigma(), std, offset);
            }
            JsonObject info = new JsonObject();
            info.addProperty("priorPrecision", lambda);
            info.addProperty("estimator", estimator.cliName());
            info.addProperty("viEpochs", epochs);
            info.addProperty("viBatchSize", batchSize);
            info.addProperty("viLearningRate", learningRate);
            info.addProperty("klWeight", klWeight);
            info.addProperty("klWarmupSteps", warmupSteps);
            info.addProperty("initialSigma", initialSigma);
            info.addProperty("lastBatchLossPerExample", lastLoss);
            info.addProperty("trainRows", n);
            Network net = Network.withParameters(spec, DropoutMode.STANDARD, mean, map.network().device());
            return new ViPosterior(net, likelihood, map.schema(), map.sigmaNoise(), mean, std, samples, seed, info);
        }
    }

    private double step(NDManager manager, List<MeanFieldLinear> layers, NetworkSpec spec, Likelihood likelihood,
            Dataset data, int[] order, int from, int to, float logSigma, double lambda, float klScale,
            Optimizer adam) {
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = Inputs.gather(batch, data.features(), data.featureShape(), order, from, to)
                    .reshape(to - from, -1);
            NDArray y = likelihood == Likelihood.CATEGORICAL
                    ? Inputs.labels(batch, data.labels(), order, from, to)
                    : Inputs.targets(batch, data.targets(), order, from, to);
            NDArray ls = likelihood == Likelihood.GAUSSIAN ? batch.full(new Shape(), logSigma, DataType.FLOAT32) : null;
            double value;
            // the scope frees the intermediates that land in the parameters' manager (softplus(ρ), ...)
            try (NDScope scope = new NDScope();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray h = x;
                NDArray kl = null;
                for (int l = 0; l < layers.size(); l++) {
                    h = estimator.forward(layers.get(l), h, batch);
                    if (l + 1 < layers.size()) {
                        h = activate(spec, h);
                    }
                    NDArray k = layers.get(l).kl(lambda);
                    kl = kl == null ? k : kl.add(k);
                }
                NDArray loss = Losses.meanNll(likelihood, h, y, ls).add(kl.mul(Scalars.like(kl, klScale)));
                gc.backward(loss);
                value = loss.getFloat();
            }
            int id = 0;
            for (MeanFieldLinear layer : layers) {
                for (NDArray p : layer.parameters()) {
                    NDArray g = p.getGradient();
                    g.attach(batch);
                    adam.update("p" + id++, p, g);
                }
            }
            return value;
        }
    }

    private static NDArray activate(NetworkSpec spec, NDArray h) {
        return switch (spec.activation()) {
            case RELU -> ai.djl.nn.Activation.relu(h);
            case TANH -> ai.djl.nn.Activation.tanh(h);
            case GELU -> ai.djl.nn.Activation.gelu(h);
            case SIGMOID -> ai.djl.nn.Activation.sigmoid(h);
        };
    }

    /** Input, hidden and output widths of an MLP spec. */
    static int[] widths(NetworkSpec spec) {
        int[] hidden = spec.hidden();
        int[] w = new int[hidden.length + 2];
        w[0] = spec.inputSize();
        System.arraycopy(hidden, 0, w, 1, hidden.length);
        w[w.length - 1] = spec.outputs();
        return w;
    }

    private static int copy(NDArray a, float[] into, int offset) {
        int n = Math.toIntExact(a.size());
        a.toByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().get(into, offset, n);
        return offset + n;
    }

    /**
     * Options; defaults: local reparameterisation, 50 epochs, batch 128, Adam lr 1e-3, KL weight 1
     * without warm-up, σ₀ = 1e-3, the MAP's prior precision, 30 predictive samples, seed 0.
     */
    public static final class Builder {
        private Estimator estimator = Estimator.LOCAL_REPARAM;
        private int epochs = 50;
        private int batchSize = 128;
        private double learningRate = 1e-3;
        private double klWeight = 1.0;
        private int warmupSteps;
        private double initialSigma = 1e-3;
        private Double priorPrecision;
        private int samples = 30;
        private long seed;

        private Builder() {}

        public Builder optEstimator(Estimator estimator) {
            this.estimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

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

        /** β, the weight of the KL term (1 = the ELBO). */
        public Builder optKlWeight(double klWeight) {
            this.klWeight = klWeight;
            return this;
        }

        /** Steps over which the KL weight rises linearly from 0 to β (0 = none). */
        public Builder optKlWarmupSteps(int steps) {
            this.warmupSteps = steps;
            return this;
        }

        /** σ₀, the initial posterior standard deviation of every weight. */
        public Builder optInitialSigma(double sigma) {
            this.initialSigma = sigma;
            return this;
        }

        /** λ of the prior N(0, 1/λ); default: the one the MAP network was trained under. */
        public Builder optPriorPrecision(double lambda) {
            this.priorPrecision = lambda;
            return this;
        }

        /** The prior standard deviation σ_p, i.e. λ = 1/σ_p². */
        public Builder optPriorSigma(double sigma) {
            if (!(sigma > 0 && Double.isFinite(sigma))) {
                throw new IllegalArgumentException("prior sigma must be > 0, found " + sigma);
            }
            this.priorPrecision = 1 / (sigma * sigma);
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

        public Vi build() {
            if (epochs <= 0) {
                throw new IllegalArgumentException("epochs must be > 0, found " + epochs);
            }
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batch size must be > 0, found " + batchSize);
            }
            if (!(learningRate > 0 && Double.isFinite(learningRate))) {
                throw new IllegalArgumentException("learning rate must be > 0, found " + learningRate);
            }
            if (!(klWeight >= 0 && Double.isFinite(klWeight))) {
                throw new IllegalArgumentException("KL weight must be >= 0, found " + klWeight);
            }
            if (warmupSteps < 0) {
                throw new IllegalArgumentException("KL warm-up steps must be >= 0, found " + warmupSteps);
            }
            if (!(initialSigma > 0 && Double.isFinite(initialSigma))) {
                throw new IllegalArgumentException("initial sigma must be > 0, found " + initialSigma);
            }
            if (priorPrecision != null && !(priorPrecision > 0 && Double.isFinite(priorPrecision))) {
                throw new IllegalArgumentException("prior precision must be > 0, found " + priorPrecision);
            }
            if (samples < 1) {
                throw new IllegalArgumentException("samples must be >= 1, found " + samples);
            }
            return new Vi(this);
        }
    }
}
