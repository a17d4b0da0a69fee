package org.bdl4j.usermodel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.data.DataProvenance;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelFileException;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.io.Provenances;
import org.bdl4j.method.FitRequest;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.PredictiveMoments;
import org.bdl4j.swag.Swag;
import org.bdl4j.swag.SwagGaussian;
import org.bdl4j.swag.SwagMethod;
import org.bdl4j.swag.SwagPosterior;
import org.bdl4j.train.FitChecks;
import org.bdl4j.train.Losses;

/**
 * SWAG over all the weights of a user's TorchScript network (Maddox, Izmailov, Garipov, Vetrov &amp;
 * Wilson 2019, "A Simple Baseline for Bayesian Uncertainty in Deep Learning"), by fine-tuning the whole
 * network: {@code --method swag --swag-subset all}.
 *
 * <p>Starting from the user's weights θ*, SGD with momentum μ runs the SWAG phase of {@link Swag} (its
 * options, defaults, checks and code: {@link Swag#trajectory}) on the training rows, through the user's
 * graph with DJL's {@link GradientCollector} on the module's parameters (loaded trainable), a minibatch
 * of B rows per forward and backward pass, each in its own native sub-manager:
 *
 * <pre>
 *   g = (1/B) Σ_{b ∈ batch} ∇[−log p(y_b | x_b, θ)] + (λ/N) θ,    v ← μ v + g,    θ ← θ − η v,
 * </pre>
 *
 * with the categorical likelihood on the network's logits output, or the Gaussian with σ fitted to the
 * network's residuals on the training rows (as for its last layer), and the prior N(0, 1/λ) of the
 * request's trainer (the λ the last-layer methods use). The network runs in inference mode: its dropout
 * off and batch normalisation on its running statistics, which are not updated. The batch order is a
 * permutation seeded by the request's seed, reshuffled every epoch. At the snapshots θ_1..θ_n (one per
 * epoch, or every K steps, or at each cycle's end) the moments are
 *
 * <pre>
 *   θ_SWA = (1/n) Σ_i θ_i,   σ² = max((1/n) Σ_i θ_i² − θ_SWA², 0),   D = [D_{n−K+1} .. D_n], D_i = θ_i − θ̄_(i)
 * </pre>
 *
 * (θ̄_(i) the running mean after snapshot i), and the predictive averages the network at S weight draws
 * ({@link SwagGaussian}), each set into the module in place and the user's weights θ* set back after:
 *
 * <pre>
 *   θ_s = θ_SWA + √s (σ ⊙ z₁ + D z₂ / √(K − 1)),   z₁ ~ N(0, I_P), z₂ ~ N(0, I_K)   (low rank; diagonal: no D)
 *   p(y | x) ≈ (1/S) Σ_s p(y | f(x; θ_s)),
 * </pre>
 *
 * s the covariance scale (½ by default, the paper's Σ = ½(diag σ² + DDᵀ/(K − 1))), draw s seeded from
 * the seed and s.
 *
 * <p>Cost: epochs × N rows of forward and backward passes through the user's graph (in batches), plus,
 * unless {@code --swag-lr} is given, 2 × {@value org.bdl4j.train.StiffestCurvature#ITERATIONS} full
 * passes for the learning rate's curvature h, and S forward passes per predicted row; memory (K + 8) × P
 * floats for P weights (the deviations, moments, velocity and draws).
 *
 * <p>Saved as a model directory of method {@value #METHOD}: θ_SWA, σ², D and the settings, with a copy of
 * the file (whose weights are θ*).
 */
public final class UserModelSwag extends SampledUserPosterior {
    /** The method name in manifests. */
    public static final String METHOD = "user-model-swag";

    private final UserModel model;
    private final float[] theta;
    private final SwagGaussian gaussian;

    private UserModelSwag(UserModel model, ModelHeader header, SwagGaussian gaussian, int samples, double sigmaNoise) {
        super(header, samples, sigmaNoise);
        this.model = Objects.requireNonNull(model, "model");
        this.theta = model.flatWeights();
        if (gaussian.size() != theta.length) {
            throw new IllegalArgumentException("the SWAG mean has " + gaussian.size() + " values, the network "
                    + theta.length + " weights");
        }
        this.gaussian = gaussian;
    }

    /**
     * Fits SWAG over all weights of {@code frozen}'s TorchScript file (loaded again, trainable) on the
     * request's rows with its SWAG options ({@link SwagMethod}) and seed.
     *
     * @throws IllegalArgumentException (one line) for an ONNX file or a DJL block, a network without
     *     float32 parameters, a likelihood other than categorical or Gaussian, options out of range, or
     *     moments that would not fit in half of the JVM's heap
     */
    public static UserModelSwag fit(UserModel frozen, FitRequest request) {
        Swag swag = SwagMethod.swag(request.options(), request.seed());
        Likelihood likelihood = request.likelihood();
        if (likelihood != Likelihood.CATEGORICAL && likelihood != Likelihood.GAUSSIAN) {
            throw new IllegalArgumentException("a user network's SWAG takes a categorical or a Gaussian likelihood,"
                    + " found " + likelihood.cliName());
        }
        frozen.requireWholeNetwork();
        Path file = frozen.file().orElseThrow(() -> new IllegalArgumentException("SWAG over all weights needs the"
                + " network's TorchScript file, not a DJL block"));
        UserModel m = UserModel.loadTrainable(file, frozen.outputs());
        try {
            int p = m.checkedWeightCount();
            checkMemory(p, request.options().get(SwagMethod.RANK));
            Dataset train = request.train();
            float[] f = m.predictions(train).predictions();
            UserModelFit.checkOutputs(train, likelihood, f.length / train.rows());
            double sigma = likelihood == Likelihood.GAUSSIAN ? UserModelFit.residualSigma(train.targets(), f)
                    : Double.NaN;
            float[] start = m.flatWeights();
            Swag.Trajectory t;
            double swaNll;
            try {
                Nll nll = new Nll(m, train, likelihood, sigma);
                t = swag.trajectory(nll, nll, start, request.trainer().priorPrecision(train.rows()));
                m.setFlatWeights(t.gaussian().mean());
                swaNll = meanNll(m.predictions(train).predictions(), train, likelihood, sigma);
            } finally {
                m.setFlatWeights(start);
            }
            double userNll = meanNll(f, train, likelihood, sigma);
            Map<String, String> options = new LinkedHashMap<>(swag.settings());
            options.put(SwagMethod.SUBSET.name(), "all");
            if (!request.options().isSet(SwagMethod.LEARNING_RATE)) {
                options.put(SwagMethod.LEARNING_RATE.name(), String.format(Locale.ROOT, "%.6g (min(0.01, (1 +"
                        + " momentum)/h), h = %.6g)", t.learningRate(), t.curvature()));
            }
            options.put("prior-precision", String.format(Locale.ROOT, "%.6g", t.priorPrecision()));
            options.put("snapshots", Integer.toString(t.snapshots()));
            options.put("model-file", file.getFileName().toString());
            ModelHeader header = new ModelHeader(SwagPosterior.METHOD, likelihood, ModelSchema.of(train, false), null,
                    request.seed(), Provenances.now(DataProvenance.of(train), Map.of(), options, null))
                    .withWarnings(FitChecks.worseThanMap("SWAG's mean", swaNll, userNll,
                            "lower --swag-lr or --swag-epochs"));
            return new UserModelSwag(m, header, t.gaussian(), request.options().get(SwagMethod.SAMPLES), sigma);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Refuses moments of (K + 8) × P floats that would take more than half of the heap. */
    private static void checkMemory(int weights, int rank) {
        long bytes = 4L * weights * (rank + 8);
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap / 2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "SWAG over the %,d weights of the network"
                    + " keeps %d deviations and its moments, %.2f GB, more than half of the JVM's heap (%.2f GB): use"
                    + " a lower --swag-rank, --swag-subset last-layer or a larger -Xmx", weights, rank, bytes / 1e9,
                    heap / 1e9));
        }
    }

    /** The mean NLL of the predictions f (row-major) on the training rows. */
    static double meanNll(float[] f, Dataset train, Likelihood likelihood, double sigma) {
        int n = train.rows();
        int c = f.length / n;
        double sum = 0;
        for (int r = 0; r < n; r++) {
            if (likelihood == Likelihood.CATEGORICAL) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < c; k++) {
                    max = Math.max(max, f[r * c + k]);
                }
                double z = 0;
                for (int k = 0; k < c; k++) {
                    z += Math.exp(f[r * c + k] - max);
                }
                sum += max + Math.log(z) - f[r * c + train.labels()[r]];
            } else {
                double e = (train.targets()[r] - f[r]) / sigma;
                sum += 0.5 * e * e + Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
            }
        }
        return sum / n;
    }

    /**
     * The summed NLL of rows and its gradient through the user's module at θ (set into it in place):
     * one forward and backward pass of the batch inside a gradient collector, in a sub-manager closed
     * before returning; the parameters' gradients are read and zeroed.
     */
    static final class Nll implements Swag.Objective {
        private final UserModel model;
        private final Dataset train;
        private final Likelihood likelihood;
        private final float logSigma;

        Nll(UserModel model, Dataset train, Likelihood likelihood, double sigma) {
            this.model = model;
            this.train = train;
            this.likelihood = likelihood;
            if (likelihood == Likelihood.GAUSSIAN && !(sigma > 0)) {
                throw new IllegalArgumentException("the network fits the training targets exactly (residual σ "
                        + sigma + "), so a Gaussian likelihood has no noise to fine-tune under");
            }
            this.logSigma = (float) Math.log(sigma);
        }

        @Override
        public int rows() {
            return train.rows();
        }

        @Override
        public double sumNll(float[] theta, int[] order, int from, int to, float[] grad) {
            model.setFlatWeights(theta);
            int b = to - from;
            List<NDArray> params = model.parameterArrays();
            try (NDManager batch = model.manager().newSubManager()) {
                NDArray x = Inputs.gather(batch, train.features(), train.featureShape(), order, from, to);
                NDArray y = Inputs.truth(batch, likelihood, train, order, from, to);
                NDArray ls = likelihood == Likelihood.GAUSSIAN ? batch.full(new Shape(), logSigma, DataType.FLOAT32)
                        : null;
                double meanNll;
                try (GradientCollector gc = Inputs.gradientCollector()) {
                    NDArray loss = Losses.meanNll(likelihood, model.predictionsWithGradients(x), y, ls);
                    gc.backward(loss);
                    meanNll = loss.getFloat();
                }
                int at = 0;
                for (NDArray p : params) {
                    NDArray g = p.getGradient();
                    g.attach(batch);
                    float[] v = g.toFloatArray();
                    for (int i = 0; i < v.length; i++) {
                        grad[at + i] = v[i] * b;
                    }
                    JniUtils.zeroGrad((PtNDArray) p); // the next backward must not accumulate onto it
                    at += v.length;
                }
                return meanNll * b;
            }
        }
    }

    /** The Gaussian over the weights: θ_SWA, σ², D, covariance and scale. */
    public SwagGaussian gaussian() {
        return gaussian;
    }

    /** The network's weights as they are now, which are the user's θ* between predictions. */
    float[] currentWeights() {
        return model.flatWeights();
    }

    /** The network at S draws from the SWAG Gaussian, the user's weights set back afterwards. */
    @Override
    void addSamples(Dataset rows, PredictiveMoments moments) {
        long seed = header().seed();
        addWeightDraws(model, theta, rows, moments, (sample, draw) -> gaussian.sample(seed, sample, draw));
    }

    @Override
    public void save(Path directory) throws IOException {
        JsonObject m = singleNetworkManifest(METHOD, model);
        gaussian.writeFields(m);
        ModelDirectory.write(directory, m, gaussian.arrays(), Map.of(NetworkFile.CHILD, NetworkFile.writer(model)));
    }

    /** Reads a directory written by {@link #save}. */
    public static UserModelSwag load(ModelDirectory md) {
        ModelHeader h = ModelHeader.read(md).withMethod(SwagPosterior.METHOD);
        SingleNetworkFields f = SingleNetworkFields.read(md);
        SwagGaussian gaussian = SwagGaussian.read(md, md.manifest(), "covariance");
        UserModel model = UserModel.loadTrainable(NetworkFile.checked(md), f.outputs());
        try {
            return new UserModelSwag(model, h, gaussian, f.samples(), f.sigmaNoise());
        } catch (RuntimeException e) {
            model.close();
            throw new ModelFileException(md.path() + ": inconsistent model: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
