package org.bdl4j.laplace;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.curvature.LayerTaps;
import org.bdl4j.curvature.OutputCotangents;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.SampledPredictive;

/**
 * The predictive of a Laplace posterior q(θ) = N(θ*, Σ) ({@link PredictionType}; Daxberger et al.
 * 2021, "Laplace Redux"), with Σ = (s·H₀ + diag(λ))⁻¹ = (1/s)(H₀ + diag(λ/s))⁻¹ at the noise σ
 * ({@link LaplaceEvidence}): the structure is prepared at λ/s, the output covariances scaled by 1/s and
 * the weight draws by 1/√s.
 *
 * <ul>
 *   <li>GLM, the linearised network f(x, θ) ≈ f(x, θ*) + J(x)(θ - θ*), so
 *       f(x) ~ N(f(x, θ*), J(x) Σ J(x)ᵀ) ({@link #linearise}): for classification the {@link Link} turns
 *       the logit Gaussian into probabilities; for regression the mean f*, the epistemic variance J Σ Jᵀ and
 *       the aleatoric σ², both back in the target's units;
 *   <li>NN, the network itself at S weight draws θ_s = θ* + Δθ_s, Δθ_s ~ N(0, Σ) (seeded), streamed
 *       through {@link SampledPredictive}: the mean of softmax(f(x, θ_s)), or the mean and variance of
 *       f(x, θ_s) plus σ².
 * </ul>
 */
final class LaplacePredictive {
    /** Rows per prediction batch at most (fewer when the per-row covariances or Jacobians are wide). */
    static final int PREDICT_BATCH = 1024;
    /**
     * Values of a batch's Jacobian taps and covariances at most (2^24 doubles, 128 MB, as in the curvature
     * pass): fewer rows make the rotations memory-bound (a dense layer's 5,881 x 5,881 eigenbasis read
     * once for every few rows).
     */
    static final long BATCH_VALUES = 1L << 24;
    /** Covariance values held at once by {@link #predictSwept} (2^25 doubles, 256 MiB). */
    static final long SWEEP_VALUES = 1L << 25;

    private final MapPosterior map;
    private final Laplace.Settings settings;
    private final LaplaceWeights weights;
    private final PosteriorPrecision precision;

    LaplacePredictive(MapPosterior map, Laplace.Settings settings, LaplaceWeights weights,
            PosteriorPrecision precision) {
        this.map = map;
        this.settings = settings;
        this.weights = weights;
        this.precision = precision;
    }

    /**
     * The linearised network's outputs at the inputs (user units in, network units out), with full C x C
     * covariances or only the variances when {@code diagonalOnly}: for the last layer alone the Jacobian
     * I_C ⊗ ãᵀ is never materialised, so that costs O(C) per input with KFAC and diag.
     *
     * @param curvatureScale s(σ): the covariances of the structure are divided by it
     */
    LinearisedOutputs linearise(Dataset inputs, boolean diagonalOnly, double curvatureScale) {
        return linearise(inputs, diagonalOnly, curvatureScale, 1,
                taps -> List.of(precision.logitCovariance(taps, diagonalOnly))).get(0);
    }

    /**
     * {@link #linearise} with the covariances of {@code count} structures at once: {@code covariances}
     * gives J Σ_k Jᵀ (structure units) for each k from one batch's Jacobian taps, computed once.
     */
    private List<LinearisedOutputs> linearise(Dataset inputs, boolean diagonalOnly, double curvatureScale,
            int count, Function<List<LayerTaps.Tap>, List<NDArray>> covariances) {
        Dataset x = map.schema().toNetworkUnits(inputs.hasTargets() ? inputs.withoutTargets() : inputs);
        int n = x.rows();
        int c = map.network().spec().outputs();
        int width = diagonalOnly ? c : c * c;
        double[] mean = new double[n * c];
        double[][] cov = new double[count][n * width];
        Network net = map.network();
        boolean lastOnly = LayerTaps.isLastLayerOnly(net, weights.layers());
        long perRow = (lastOnly ? width : (long) width * c) + weights.convolutionTapValues(c);
        perRow = Math.max(perRow, weights.jacobianColumnValues(c)); // a subnetwork's columns, [C, B, S]
        int rowsPerBatch = (int) Math.max(1, Math.min(PREDICT_BATCH, BATCH_VALUES / perRow));
        double inv = 1 / curvatureScale;
        for (int from = 0; from < n; from += rowsPerBatch) {
            int to = Math.min(n, from + rowsPerBatch);
            try (NDManager m = net.manager().newSubManager()) {
                NDArray xb = Inputs.rows(m, x.features(), x.featureShape(), from, to);
                LayerTaps.Batch batch = Inputs.withoutGradients(() -> lastOnly ? LayerTaps.lastLayerJacobian(net, xb)
                        : LayerTaps.collect(net, weights.layers(), xb, OutputCotangents.jacobian()));
                System.arraycopy(batch.outputs().toDoubleArray(), 0, mean, from * c, (to - from) * c);
                List<NDArray> parts = Inputs.withoutGradients(() -> covariances.apply(batch.taps()));
                for (int k = 0; k < count; k++) {
                    double[] s = parts.get(k).toDoubleArray();
                    for (int i = 0; i < s.length; i++) {
                        cov[k][from * width + i] = s[i] * inv;
                    }
                }
            }
        }
        List<LinearisedOutputs> out = new ArrayList<>(count);
        for (double[] covariance : cov) {
            out.add(new LinearisedOutputs(n, c, mean, covariance, diagonalOnly));
        }
        return out;
    }

    /** The predictive of {@link Laplace.Settings#prediction} at the noise σ (network units). */
    Predictive predict(Dataset inputs, double sigma, double curvatureScale) {
        if (settings.prediction() == PredictionType.NN) {
            return sampled(inputs, sigma, curvatureScale);
        }
        return glm(linearise(inputs, diagonalOnly(), curvatureScale), sigma);
    }

    /**
     * The GLM predictives at each scalar prior precision of {@code structureLambdas} (λ_k/s, the structure's
     * units) from one pass of Jacobians ({@link PosteriorPrecision#sweep}), in groups of λ small enough
     * that their covariances fit in {@value #SWEEP_VALUES} values. {@code perLambda} receives each
     * predictive with its index, in order, so that the caller keeps only what it needs.
     *
     * @return false, with nothing predicted, when the prediction samples the network or the structure has
     *     no sweep (then evaluate λ by λ)
     */
    boolean predictSwept(Dataset inputs, double sigma, double curvatureScale, double[] structureLambdas,
            ObjIntConsumer<Predictive> perLambda) {
        if (settings.prediction() != PredictionType.GLM) {
            return false;
        }
        boolean diagonalOnly = diagonalOnly();
        long perLambdaValues = (long) inputs.rows() * map.network().spec().outputs()
                * (diagonalOnly ? 1 : map.network().spec().outputs());
        int group = (int) Math.max(1, Math.min(structureLambdas.length, SWEEP_VALUES / Math.max(1, perLambdaValues)));
        for (int from = 0; from < structureLambdas.length; from += group) {
            double[] part = Arrays.copyOfRange(structureLambdas, from, Math.min(structureLambdas.length, from + group));
            try (PosteriorPrecision.Sweep sweep = precision.sweep(part)) {
                if (sweep == null) {
                    return false;
                }
                List<LinearisedOutputs> lins = linearise(inputs, diagonalOnly, curvatureScale, part.length,
                        taps -> sweep.logitCovariances(taps, diagonalOnly));
                for (int k = 0; k < lins.size(); k++) {
                    perLambda.accept(glm(lins.get(k), sigma), from + k);
                }
            }
        }
        return true;
    }

    /** Only the output variances are needed: regression, or a link that needs no covariances. */
    private boolean diagonalOnly() {
        return map.likelihood() != Likelihood.CATEGORICAL || !settings.link().needsFullCovariance();
    }

    /** The GLM predictive of the linearised outputs at the noise σ (network units). */
    private Predictive glm(LinearisedOutputs lin, double sigma) {
        if (map.likelihood() == Likelihood.CATEGORICAL) {
            return settings.link().predictive(lin, map.schema().classNames(), settings.samples(), settings.seed());
        }
        ModelSchema schema = map.schema();
        int n = lin.rows();
        double[] mu = new double[n];
        double[] alea = new double[n];
        double[] epi = new double[n];
        double s2 = sigma * sigma;
        for (int i = 0; i < n; i++) {
            mu[i] = schema.meanToOriginal(lin.mean()[i]);
            epi[i] = schema.varianceToOriginal(lin.variance(i, 0));
            alea[i] = schema.varianceToOriginal(s2);
        }
        return new RegressionPredictive(mu, alea, epi);
    }

    /**
     * {@link PredictionType#NN}: the network (a scratch copy) at θ_s = θ* + Δθ_s/√s, Δθ_s drawn from the
     * structure at λ/s in turn with one generator seeded with the settings' seed.
     */
    private Predictive sampled(Dataset inputs, double sigma, double curvatureScale) {
        float[] thetaStar = map.network().parameters();
        int[] index = weights.flatIndices();
        double scale = 1 / Math.sqrt(curvatureScale);
        SplittableRandom rng = new SplittableRandom(settings.seed());
        float[] theta = new float[thetaStar.length];
        try (Network scratch = map.network().copy(DropoutMode.STANDARD)) {
            return SampledPredictive.predict(scratch, map.likelihood(), map.schema(), sigma, inputs,
                    settings.samples(), s -> {
                        double[] delta = precision.sample(rng);
                        System.arraycopy(thetaStar, 0, theta, 0, theta.length);
                        for (int k = 0; k < index.length; k++) {
                            theta[index[k]] += (float) (delta[k] * scale);
                        }
                        return theta;
                    });
        }
    }
}
