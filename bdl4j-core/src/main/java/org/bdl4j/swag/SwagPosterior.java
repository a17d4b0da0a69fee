package org.bdl4j.swag;

import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Objects;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.nn.Network;
import org.bdl4j.train.SampledWeightsPosterior;

/**
 * A SWAG posterior (Maddox et al. 2019) over the weights of a bdl4j network: the Gaussian of
 * {@link SwagGaussian}, mean θ̄, diagonal σ² and, for {@link SwagCovariance#LOW_RANK}, the last K
 * deviations D = [D_1 .. D_K] (P x K). With z₁ ~ N(0, I_P), z₂ ~ N(0, I_K) and the covariance scale s
 * ({@code covarianceScale}), weight samples are
 *
 * <pre>
 *   low rank:  θ = θ̄ + √s (σ ⊙ z₁ + D z₂ / √(K-1)),   covariance s·(diag σ² + DDᵀ/(K-1))
 *   diagonal:  θ = θ̄ + √s σ ⊙ z₁,                     covariance s·diag σ²
 * </pre>
 *
 * s multiplies the covariance, as the {@code scale} of the reference implementation
 * ({@code SWAG.sample}); the default s = 0.5 makes the low-rank form the paper's
 * Σ = ½(Σ_diag + DDᵀ/(K-1)), i.e. θ = θ̄ + (1/√2) σ ⊙ z₁ + (1/√(2(K-1))) D z₂ (Maddox et al. 2019,
 * eq. 1 and §4.2). Sample s draws its noise from a SplittableRandom seeded with
 * {@code Seeds.derive(seed, s)}: the predictive ({@link org.bdl4j.train.SampledPredictive}, S samples) is a
 * deterministic function of the saved state.
 */
public final class SwagPosterior extends SampledWeightsPosterior {
    public static final String METHOD = "swag";

    private final SwagGaussian gaussian;
    private final float[] theta;

    SwagPosterior(Network network, ModelHeader header, double sigmaNoise, float[] mean, float[] variance,
            float[][] deviations, SwagCovariance covariance, double scale, int samples, JsonObject info) {
        this(network, header, sigmaNoise, gaussian(network, mean, variance, deviations, covariance, scale), samples,
                info);
    }

    SwagPosterior(Network network, ModelHeader header, double sigmaNoise, SwagGaussian gaussian, int samples,
            JsonObject info) {
        super(network, header, sigmaNoise, samples, info);
        this.gaussian = Objects.requireNonNull(gaussian, "gaussian");
        int p = network.parameterCount();
        if (gaussian.size() != p) {
            throw new IllegalArgumentException("the network has " + p + " parameters, the SWAG mean "
                    + gaussian.size());
        }
        this.theta = new float[p];
    }

    private static SwagGaussian gaussian(Network network, float[] mean, float[] variance, float[][] deviations,
            SwagCovariance covariance, double scale) {
        int p = network.parameterCount();
        if (mean.length != p || variance.length != p) {
            throw new IllegalArgumentException("the network has " + p + " parameters, the SWAG mean " + mean.length
                    + " and variance " + variance.length);
        }
        return new SwagGaussian(mean, variance, deviations, covariance, scale);
    }

    /** The learning rate of the SGD phase whose iterates made this Gaussian. */
    public double learningRate() {
        return diagnostics().get(Swag.LEARNING_RATE_INFO).getAsDouble();
    }

    /** Records how {@link SwagRateSearch} chose the learning rate (kept with the hyperparameters). */
    void recordRateSearch(JsonObject search) {
        addDiagnostic("swagRateSearch", search);
    }

    /** The covariance structure: diagonal, or diagonal plus low rank. */
    public SwagCovariance covariance() {
        return gaussian.covariance();
    }

    /** θ̄ (a copy). */
    public float[] mean() {
        return gaussian.mean();
    }

    /** σ², the diagonal part: each weight's variance over the snapshots (a copy). */
    public float[] variance() {
        return gaussian.variance();
    }

    /** D, the last K snapshots' deviations from the running mean, one row per snapshot (a copy). */
    public float[][] deviations() {
        return gaussian.deviations();
    }

    /** The number of deviations K of the low-rank part (0 for diagonal). */
    public int rank() {
        return gaussian.rank();
    }

    /** Weight sample number {@code s} (deterministic in the seed and s), written into {@code out}. */
    public void sample(int s, float[] out) {
        gaussian.sample(seed(), s, out);
    }

    @Override
    protected float[] theta(int s) {
        sample(s, theta);
        return theta;
    }

    @Override
    protected void writeHyperparameters(JsonObject hyperparameters) {
        gaussian.writeFields(hyperparameters);
    }

    @Override
    protected Map<String, float[]> arrays() {
        return gaussian.arrays();
    }

    /** Reads a directory written by {@code save}. */
    public static SwagPosterior load(ModelDirectory md) {
        Saved saved = Saved.read(md);
        SwagGaussian gaussian = SwagGaussian.read(md, saved.hyperparameters(), "hyperparameters");
        Network net = saved.network("swa_mean", gaussian.mean());
        return saved.build(net, () -> new SwagPosterior(net, saved.header(), saved.sigmaNoise(), gaussian,
                saved.samples(), saved.info(SwagGaussian.COVARIANCE, SwagGaussian.SCALE, SwagGaussian.RANK)));
    }
}
