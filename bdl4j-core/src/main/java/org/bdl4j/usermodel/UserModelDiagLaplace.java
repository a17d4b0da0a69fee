package org.bdl4j.usermodel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.data.DataProvenance;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ManifestCodec;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.io.Provenances;
import org.bdl4j.laplace.HessianStructure;
import org.bdl4j.laplace.LaplaceMethod;
import org.bdl4j.laplace.LaplacePosterior;
import org.bdl4j.laplace.PredictionType;
import org.bdl4j.laplace.PriorSearch;
import org.bdl4j.math.Floats;
import org.bdl4j.math.GoldenSection;
import org.bdl4j.math.Softmax;
import org.bdl4j.method.FitRequest;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.PredictiveMoments;
import org.bdl4j.nn.Seeds;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;

/**
 * A diagonal Laplace approximation over all the weights of a user's TorchScript network (MacKay 1992;
 * Ritter et al. 2018; Daxberger et al. 2021): q(θ) = N(θ*, diag(h + λ)⁻¹) at the user's weights θ*,
 * with h the diagonal of the curvature summed over the training rows, from per-row gradients through
 * the user's graph ({@link GradientCollector}, one row per backward pass):
 *
 * <ul>
 *   <li>{@code ggn} (the default, exact): h = Σ_n diag(J_nᵀ Λ_n J_n); categorical Λ = diag(p) − ppᵀ, so
 *       h_i = Σ_n [Σ_k p_k g_{nk,i}² − (Σ_k p_k g_{nk,i})²] with g_{nk} = ∂f_k/∂θ (C backward passes a
 *       row); Gaussian h_i = Σ_n g_{n,i}² / σ² (one);
 *   <li>{@code ef}, the empirical Fisher: h = Σ_n (∇ log p(y_n | x_n, θ*))² (one pass a row);
 *   <li>{@code mcf}: the same at labels drawn from the model, averaged over M draws (M passes a row).
 * </ul>
 *
 * The cost is stated in passes: N × C (ggn, categorical) or N × M; each is a forward and a backward
 * pass of one row through the user's network. λ maximises the Laplace evidence
 * log Z(λ) = −(λ/2) ‖θ*‖² + (P/2) log λ − ½ Σ_i log(h_i + λ) + const (golden section on log λ over
 * [10⁻⁴, 10⁶]). The predictive averages the network at S weight draws θ_s = θ* + ε_s / √(h + λ),
 * ε_s ~ N(0, I) (seeded), set into the network in place and restored after.
 *
 * <p>Saved as a model directory of method {@value #METHOD}: h, λ and the settings, with a copy of the
 * file (whose weights are θ*).
 */
public final class UserModelDiagLaplace extends SampledUserPosterior {
    /** The method name in manifests. */
    public static final String METHOD = "user-model-laplace-diag";
    /** The λ search interval. */
    static final double MIN_LAMBDA = 1e-4;
    static final double MAX_LAMBDA = 1e6;
    private static final long CURVATURE_STREAM = 0x6663L;
    private static final long SAMPLING_STREAM = 0x6c64L;

    private final UserModel model;
    private final float[] theta;
    private final double[] curvature;
    private final double lambda;
    private UserModelDiagLaplace(UserModel model, ModelHeader header, double[] curvature, double lambda, int samples,
            double sigmaNoise) {
        super(header, samples, sigmaNoise);
        this.model = Objects.requireNonNull(model, "model");
        this.theta = model.flatWeights();
        if (curvature.length != theta.length) {
            throw new IllegalArgumentException("the curvature has " + curvature.length + " values, the network "
                    + theta.length + " weights");
        }
        this.curvature = curvature;
        this.lambda = lambda;
    }

    /**
     * Fits the diagonal Laplace over all weights of {@code frozen}'s TorchScript file (loaded again,
     * trainable) on the request's rows, with the Laplace options {@code curvature}, {@code fisher-samples},
     * {@code samples} and {@code sigma-noise}.
     *
     * @throws IllegalArgumentException (one line) for an ONNX file or a block, a likelihood other than
     *     categorical or Gaussian, and Laplace options this form does not take
     */
    public static UserModelDiagLaplace fit(UserModel frozen, FitRequest request) {
        var o = request.options();
        refuse(o, LaplaceMethod.LINK, "the predictive averages the network at weight draws");
        refuse(o, LaplaceMethod.SUBNETWORK_SIZE, "every weight is in");
        refuse(o, LaplaceMethod.SUBNETWORK_MASK, "every weight is in");
        refuse(o, LaplaceMethod.PRIOR_GRID, "λ maximises the marginal likelihood");
        if (o.isSet(LaplaceMethod.HESSIAN) && o.get(LaplaceMethod.HESSIAN) != HessianStructure.DIAG) {
            throw new InvalidOptionException(LaplaceMethod.HESSIAN.name(), "over all of a user network's weights only"
                    + " {hessian} diag is available, found " + o.get(LaplaceMethod.HESSIAN).cliName());
        }
        if (o.isSet(LaplaceMethod.PRED) && o.get(LaplaceMethod.PRED) != PredictionType.NN) {
            throw new InvalidOptionException(LaplaceMethod.PRED.name(), "over all of a user network's weights the"
                    + " predictive is {pred} nn (the network at weight draws)");
        }
        if (o.isSet(LaplaceMethod.PRIOR_OPTIMIZE) && o.get(LaplaceMethod.PRIOR_OPTIMIZE) != PriorSearch.MARGLIK) {
            throw new InvalidOptionException(LaplaceMethod.PRIOR_OPTIMIZE.name(), "over all of a user network's"
                    + " weights λ is one scalar by the marginal likelihood ({prior-optimize} marglik)");
        }
        Likelihood likelihood = request.likelihood();
        if (likelihood != Likelihood.CATEGORICAL && likelihood != Likelihood.GAUSSIAN) {
            throw new IllegalArgumentException("a user network's Laplace takes a categorical or a Gaussian likelihood,"
                    + " found " + likelihood.cliName());
        }
        frozen.requireWholeNetwork();
        Path file = frozen.file().orElseThrow(() -> new IllegalArgumentException("the Laplace over all weights needs"
                + " the network's TorchScript file, not a DJL block"));
        UserModel m = UserModel.loadTrainable(file, frozen.outputs());
        try {
            Dataset train = request.train();
            float[] f = m.predictions(train).predictions();
            UserModelFit.checkOutputs(train, likelihood, f.length / train.rows());
            double sigma = likelihood != Likelihood.GAUSSIAN ? Double.NaN : o.isSet(LaplaceMethod.SIGMA_NOISE)
                    ? o.get(LaplaceMethod.SIGMA_NOISE) : UserModelFit.residualSigma(train.targets(), f);
            CurvatureType type = o.get(LaplaceMethod.CURVATURE);
            int fisherSamples = o.get(LaplaceMethod.FISHER_SAMPLES);
            double[] h = curvature(m, train, likelihood, sigma, type, fisherSamples,
                    Seeds.derive(request.seed(), CURVATURE_STREAM));
            double lambda = marginalLikelihoodLambda(m.flatWeights(), h);
            int samples = o.get(LaplaceMethod.SAMPLES);
            Map<String, String> options = new LinkedHashMap<>();
            options.put("subset", "all");
            options.put(LaplaceMethod.HESSIAN.name(), "diag");
            options.put(LaplaceMethod.CURVATURE.name(), type.cliName());
            options.put(LaplaceMethod.SAMPLES.name(), Integer.toString(samples));
            options.put("prior-precision", String.format(Locale.ROOT, "%.6g (marginal likelihood)", lambda));
            options.put("model-file", file.getFileName().toString());
            ModelHeader header = new ModelHeader(LaplacePosterior.METHOD, likelihood, ModelSchema.of(train, false), null,
                    request.seed(), Provenances.now(DataProvenance.of(train), Map.of(), options, null));
            return new UserModelDiagLaplace(m, header, h, lambda, samples, sigma);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private static void refuse(org.bdl4j.options.OptionValues o, OptionDescriptor<?> d, String why) {
        if (o.isSet(d)) {
            throw new InvalidOptionException(d.name(), "{" + d.name() + "} does not apply to the Laplace over all of a"
                    + " user network's weights (" + why + ")");
        }
    }

    /** The diagonal curvature h over the rows (see the class comment). */
    static double[] curvature(UserModel m, Dataset train, Likelihood likelihood, double sigma, CurvatureType type,
            int fisherSamples, long seed) {
        double[] h = new double[m.flatWeights().length];
        SplittableRandom rng = new SplittableRandom(seed);
        boolean classes = likelihood == Likelihood.CATEGORICAL;
        for (int r = 0; r < train.rows(); r++) {
            try (NDManager row = m.manager().newSubManager()) {
                NDArray x = Inputs.rows(row, train.features(), train.featureShape(), r, r + 1);
                if (type == CurvatureType.GGN) {
                    if (classes) {
                        double[] p = probabilities(m, x);
                        double[] mean = new double[h.length];
                        for (int k = 0; k < p.length; k++) {
                            int cls = k;
                            double[] g = gradient(m, x, row, z -> z.get(0, cls));
                            for (int i = 0; i < h.length; i++) {
                                h[i] += p[k] * g[i] * g[i];
                                mean[i] += p[k] * g[i];
                            }
                        }
                        for (int i = 0; i < h.length; i++) {
                            h[i] -= mean[i] * mean[i];
                        }
                    } else {
                        double[] g = gradient(m, x, row, z -> z.get(0, 0));
                        for (int i = 0; i < h.length; i++) {
                            h[i] += g[i] * g[i] / (sigma * sigma);
                        }
                    }
                } else {
                    int draws = type == CurvatureType.EF ? 1 : fisherSamples;
                    for (int j = 0; j < draws; j++) {
                        double[] g = type == CurvatureType.EF ? logLikelihoodGradient(m, x, row, likelihood, sigma,
                                target(train, r)) : logLikelihoodGradient(m, x, row, likelihood, sigma,
                                        drawTarget(m, x, likelihood, sigma, rng));
                        for (int i = 0; i < h.length; i++) {
                            h[i] += g[i] * g[i] / draws;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < h.length; i++) {
            // the GGN's difference of sums can round below 0; float32, as saved, so a loaded model predicts alike
            h[i] = Math.max(h[i], 0);
        }
        return Floats.roundToFloat(h);
    }

    private static double target(Dataset train, int r) {
        return train.task() == org.bdl4j.data.Task.CLASSIFICATION ? train.labels()[r] : train.targets()[r];
    }

    private static double drawTarget(UserModel m, NDArray x, Likelihood likelihood, double sigma, SplittableRandom rng) {
        if (likelihood == Likelihood.GAUSSIAN) {
            return predictions(m, x)[0] + sigma * rng.nextGaussian();
        }
        double[] p = probabilities(m, x);
        double u = rng.nextDouble();
        int k = 0;
        for (double acc = p[0]; acc < u && k < p.length - 1; acc += p[++k]) {
            // walks to the drawn class
        }
        return k;
    }

    /** ∇_θ log p(y | x, θ) at θ*: the softmax cross-entropy's or the Gaussian's, negated. */
    private static double[] logLikelihoodGradient(UserModel m, NDArray x, NDManager row, Likelihood likelihood,
            double sigma, double y) {
        if (likelihood == Likelihood.CATEGORICAL) {
            int cls = (int) y;
            return gradient(m, x, row, z -> z.logSoftmax(1).get(0, cls));
        }
        return gradient(m, x, row, z -> z.get(0, 0).sub(y).square().div(-2 * sigma * sigma));
    }

    /** The gradient of a scalar of the predictions output at θ*, flattened in the parameters' order. */
    private static double[] gradient(UserModel m, NDArray x, NDManager row,
            java.util.function.Function<NDArray, NDArray> scalar) {
        List<NDArray> params = m.parameterArrays();
        try (GradientCollector gc = Inputs.gradientCollector()) {
            gc.backward(scalar.apply(m.predictionsWithGradients(x)));
        }
        double[] g = new double[(int) params.stream().mapToLong(NDArray::size).sum()];
        int at = 0;
        for (NDArray p : params) {
            NDArray grad = p.getGradient();
            grad.attach(row);
            float[] v = grad.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                g[at + i] = v[i];
            }
            at += v.length;
            Inputs.withoutGradients(() -> grad.muli(0)); // the next backward must not accumulate onto it
        }
        return g;
    }

    private static double[] probabilities(UserModel m, NDArray x) {
        double[] z = predictions(m, x);
        double[] p = new double[z.length];
        Softmax.of(z, p);
        return p;
    }

    private static double[] predictions(UserModel m, NDArray x) {
        return Floats.toDoubles(Inputs.withoutGradients(() -> m.predictionsWithGradients(x).toFloatArray()));
    }

    /** λ maximising the evidence of the class comment. */
    static double marginalLikelihoodLambda(float[] theta, double[] h) {
        double squaredNorm = 0;
        for (float t : theta) {
            squaredNorm += (double) t * t;
        }
        double norm = squaredNorm;
        double logLambda = GoldenSection.maximiseFromGrid(ll -> evidence(Math.exp(ll), norm, h),
                Math.log(MIN_LAMBDA), Math.log(MAX_LAMBDA), 41, 1e-6);
        return Math.exp(logLambda);
    }

    static double evidence(double lambda, double squaredNorm, double[] h) {
        double e = -0.5 * lambda * squaredNorm + 0.5 * h.length * Math.log(lambda);
        for (double v : h) {
            e -= 0.5 * Math.log(v + lambda);
        }
        return e;
    }

    /** λ, by the marginal likelihood. */
    public double priorPrecision() {
        return lambda;
    }

    /** The network at S weight draws around θ*, restored afterwards. */
    @Override
    void addSamples(Dataset rows, PredictiveMoments moments) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(header().seed(), SAMPLING_STREAM));
        addWeightDraws(model, theta, rows, moments, (sample, draw) -> {
            for (int i = 0; i < theta.length; i++) {
                draw[i] = (float) (theta[i] + rng.nextGaussian() / Math.sqrt(curvature[i] + lambda));
            }
        });
    }

    @Override
    public void save(Path directory) throws IOException {
        JsonObject m = singleNetworkManifest(METHOD, model);
        m.addProperty("priorPrecision", lambda);
        ModelDirectory.write(directory, m, Map.of("curvature", Floats.toFloats(curvature)), Map.of(NetworkFile.CHILD,
                NetworkFile.writer(model)));
    }

    /** Reads a directory written by {@link #save}. */
    public static UserModelDiagLaplace load(ModelDirectory md) {
        ModelHeader h = ModelHeader.read(md).withMethod(LaplacePosterior.METHOD);
        double lambda = ManifestCodec.read(md, "priorPrecision", () -> md.manifest().get("priorPrecision").getAsDouble());
        SingleNetworkFields f = SingleNetworkFields.read(md);
        double[] curvature = Floats.toDoubles(md.array("curvature"));
        UserModel model = UserModel.loadTrainable(NetworkFile.checked(md), f.outputs());
        try {
            return new UserModelDiagLaplace(model, h, curvature, lambda, f.samples(), f.sigmaNoise());
        } catch (RuntimeException e) {
            model.close();
            throw new org.bdl4j.io.ModelFileException(md.path() + ": inconsistent model: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
