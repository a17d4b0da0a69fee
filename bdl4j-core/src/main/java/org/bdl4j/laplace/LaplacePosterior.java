package org.bdl4j.laplace;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bdl4j.Likelihood;
import org.bdl4j.Predictive;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.curvature.Subnetwork;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.PointNetworks;
import org.bdl4j.nn.SingleNetwork;
import org.bdl4j.options.Words;
import org.bdl4j.train.HeaderPosterior;
import org.bdl4j.train.MapPosterior;

/**
 * A fitted Laplace posterior q(θ) = N(θ*, (H + diag(λ))⁻¹) over a weight subset or a subnetwork
 * (Daxberger et al. 2021, "Laplace Redux"), with the linearised (GLM) predictive
 * f(x) ~ N(f(x, θ*), J(x) Σ J(x)ᵀ) or the network at weight draws ({@link PredictionType}).
 *
 * <ul>
 *   <li>classification: the {@link Link} turns the logit Gaussian into probabilities;
 *   <li>regression: mean f*, epistemic variance J Σ Jᵀ, aleatoric σ², both back in the target's units.
 * </ul>
 *
 * The prior precision is one λ for every weight, or one λ_l per tapped layer (repeated over
 * that layer's Laplace weights). λ (and, for regression, σ) can be changed after the fit
 * ({@link #setPriorPrecision}, {@link #optimizeSigmaNoise}) without recomputing the curvature.
 *
 * <p>This class holds the posterior's state (λ, σ) and its accessors; its parts do the work: the fit
 * ({@link Laplace#fit}, by {@code LaplaceFit}), the weights ({@code LaplaceWeights}), the evidence and
 * the searches over λ and σ ({@code LaplaceEvidence}, Immer et al. 2021), the predictive
 * ({@code LaplacePredictive}) and persistence: saved as method {@code laplace} (the MAP's manifest and θ
 * plus the curvature arrays, {@code LaplaceCodec}) and read back by {@link LaplaceMethod}.
 */
public final class LaplacePosterior extends HeaderPosterior implements PointNetworks, SingleNetwork {
    /** The method name in manifests and on the command line. */
    public static final String METHOD = "laplace";

    private final MapPosterior map;
    private final boolean ownsMap;
    private final Laplace.Settings settings;
    private final LaplaceWeights weights;
    private final PosteriorPrecision precision;
    private final NDManager manager;
    private final LaplaceEvidence evidence;
    private final LaplacePredictive predictive;
    private double[] priorPrecisions;
    private double sigma;
    private boolean closed;

    /** A fitted or loaded posterior; λ is unset, σ is the fit's. Takes over {@code precision} and {@code manager}. */
    LaplacePosterior(ModelHeader header, MapPosterior map, boolean ownsMap, Laplace.Settings settings,
            LaplaceWeights weights, PosteriorPrecision precision, NDManager manager, double logLikelihood,
            int trainRows) {
        super(header);
        this.map = map;
        this.ownsMap = ownsMap;
        this.settings = settings;
        this.weights = weights;
        this.precision = precision;
        this.manager = manager;
        this.sigma = settings.sigmaNoise();
        this.evidence = new LaplaceEvidence(precision, map.likelihood(), settings, map.priorPrecision(),
                map.network().parameters(), weights.flatIndices(), logLikelihood, trainRows);
        this.predictive = new LaplacePredictive(map, settings, weights, precision);
    }

    /** The MAP network at the centre of the approximation. */
    @Override
    public List<Network> pointNetworks() {
        return List.of(map.network());
    }

    /** The MAP network at the centre of the approximation. */
    @Override
    public Network network() {
        return map.network();
    }

    /**
     * The Laplace log marginal likelihood at prior precision λ (see {@link MarginalLikelihood}) and
     * the current noise σ, in network units: for standardised regression targets it is the evidence
     * of the standardised targets.
     */
    public double logMarginalLikelihood(double lambda) {
        return logMarginalLikelihood(lambda, sigma);
    }

    /**
     * The log marginal likelihood at λ and a Gaussian noise σ (network units; ignored for
     * classification). θ* and the curvature stay those of the fit; σ enters through the likelihood,
     * log p(D | θ*, σ) = -N/2 log 2πσ² - SSE/2σ², and through the curvature, which for a Gaussian is
     * s·H₀ with s = (σ₀/σ)² for the GGN and (σ₀/σ)⁴ for the empirical Fisher, so that
     * log det(s·H₀ + λI) = P log s + log det(H₀ + (λ/s) I).
     */
    public double logMarginalLikelihood(double lambda, double sigmaNetwork) {
        return evidence.logMarginalLikelihood(lambda, sigmaNetwork);
    }

    /**
     * The log marginal likelihood with one prior precision λ_l per tapped layer (in the order
     * of {@link #priorGroupSizes}; see {@link MarginalLikelihood}) at the current noise σ.
     */
    public double logMarginalLikelihood(double[] lambdas) {
        return logMarginalLikelihood(lambdas, sigma);
    }

    /**
     * {@link #logMarginalLikelihood(double[])} at a Gaussian noise σ (network units); σ enters as in
     * {@link #logMarginalLikelihood(double, double)}: log det(s·H₀ + diag(λ)) = P log s + log det(H₀ + diag(λ/s)).
     */
    public double logMarginalLikelihood(double[] lambdas, double sigmaNetwork) {
        return evidence.logMarginalLikelihood(lambdas, sigmaNetwork);
    }

    /**
     * ∂ log p(D | λ)/∂ log λ_l = ½(P_l - λ_l‖θ*_l‖² - λ_l tr_l((H + diag(λ))⁻¹)) for each tapped
     * layer, at the current noise σ.
     */
    public double[] logMarginalLikelihoodGradient(double[] lambdas) {
        return logMarginalLikelihoodGradient(lambdas, sigma);
    }

    /**
     * The gradient at a Gaussian noise σ: with H = s·H₀, tr_l((s·H₀ + diag(λ))⁻¹) =
     * tr_l((H₀ + diag(λ/s))⁻¹)/s.
     */
    public double[] logMarginalLikelihoodGradient(double[] lambdas, double sigmaNetwork) {
        return evidence.gradient(lambdas, sigmaNetwork);
    }

    /**
     * Sets the prior precision ({@link PriorPrecision}: fixed, by the marginal likelihood, per layer,
     * or by the validation grid search) and returns the scalar λ, or NaN when the per-layer
     * precisions differ (see {@link #priorPrecisions}).
     */
    public double setPriorPrecision(PriorPrecision prior) {
        apply(prior.choose(evidence.search(sigma, this::validationRowNll)), sigma);
        warnAtBound(prior);
        return priorPrecision();
    }

    /**
     * Regression: chooses the noise σ by the marginal likelihood as well, by coordinate ascent on
     * log σ (within a factor 100 of the fit's σ) and, unless λ is fixed, log λ; returns σ in network
     * units.
     */
    public double optimizeSigmaNoise(PriorPrecision prior) {
        LaplaceEvidence.Choice c = evidence.optimizeSigma(prior, sigma, this::validationRowNll);
        apply(c.lambdas(), c.sigma());
        warnAtBound(prior);
        double s0 = settings.sigmaNoise();
        if (atBound(c.sigma(), s0 / LaplaceEvidence.SIGMA_RANGE, s0 * LaplaceEvidence.SIGMA_RANGE)) {
            warn("the noise sigma chosen by the marginal likelihood ended at its search bound (a factor "
                    + LaplaceEvidence.SIGMA_RANGE + " from the MAP's): the model may not fit the data");
        }
        return c.sigma();
    }

    /** A warning when a searched prior precision ends at an end of its range. */
    private void warnAtBound(PriorPrecision prior) {
        double[] range = prior.searchRange();
        if (range == null) {
            return;
        }
        for (double lambda : priorPrecisions) {
            if (atBound(lambda, range[0], range[1])) {
                warn("the prior precision " + Words.significant(lambda) + " ended at its search bound ["
                        + Words.significant(range[0]) + ", " + Words.significant(range[1]) + "]: the data barely"
                        + " inform it; a fixed --prior-precision may serve better");
                return;
            }
        }
    }

    private static boolean atBound(double v, double low, double high) {
        return v <= low * (1 + 1e-6) || v >= high * (1 - 1e-6);
    }

    /**
     * The grid search's per-row NLLs [k][row] on the validation rows at each scalar λ_k and σ: from one
     * pass of Jacobians when the structure sweeps ({@link LaplacePredictive#predictSwept}), else λ by λ.
     * The λ and σ in use afterwards are unspecified; the caller applies its choice.
     */
    double[][] validationRowNll(double[] lambdas, double sigmaNetwork, Dataset validation) {
        if (map.likelihood() == Likelihood.CATEGORICAL
                && !validation.classNames().equals(map.schema().classNames())) {
            throw new IllegalArgumentException("the grid-search validation classes " + validation.classNames()
                    + " differ from the model's " + map.schema().classNames());
        }
        double[][] out = new double[lambdas.length][];
        double s = evidence.curvatureScale(sigmaNetwork);
        double[] structureLambdas = new double[lambdas.length];
        for (int k = 0; k < lambdas.length; k++) {
            structureLambdas[k] = lambdas[k] / s;
        }
        if (predictive.predictSwept(validation, sigmaNetwork, s, structureLambdas,
                (p, k) -> out[k] = PredictiveReports.rowNll(p, validation))) {
            return out;
        }
        for (int k = 0; k < lambdas.length; k++) {
            apply(evidence.uniform(lambdas[k]), sigmaNetwork);
            out[k] = PredictiveReports.rowNll(predict(validation), validation);
        }
        return out;
    }

    /**
     * Sets λ and σ: Σ = (s·H₀ + diag(λ))⁻¹ = (1/s)(H₀ + diag(λ/s))⁻¹, so the structure is prepared at
     * λ/s and the output covariances (and weight draws) are scaled by 1/s (1/√s).
     */
    void apply(double[] lambdas, double sigmaNetwork) {
        precision.setPriorPrecision(evidence.structureLambdas(lambdas, sigmaNetwork));
        priorPrecisions = lambdas.clone();
        sigma = sigmaNetwork;
    }

    /** The scalar prior precision λ in use; NaN if unset or if the per-layer precisions differ. */
    public double priorPrecision() {
        return priorPrecisions != null && PosteriorPrecision.uniform(priorPrecisions) ? priorPrecisions[0]
                : Double.NaN;
    }

    /** The prior precision λ_l of each tapped layer (equal for a scalar prior); null if unset. */
    public double[] priorPrecisions() {
        return priorPrecisions == null ? null : priorPrecisions.clone();
    }

    /**
     * P_l, the number of Laplace parameters of each tapped layer (the layers with at least one
     * subnetwork parameter, for a subnetwork): the groups of {@link #priorPrecisions}.
     */
    public int[] priorGroupSizes() {
        return precision.groupSizes();
    }

    /** The subnetwork, for a subnetwork Laplace. */
    public Optional<Subnetwork> subnetwork() {
        return weights.subnetwork();
    }

    /** The number of Laplace parameters P. */
    public int parameterCount() {
        return precision.size();
    }

    /** The subset of weights: ALL for a subnetwork (its indices range over every Linear layer). */
    public SubsetOfWeights subset() {
        return weights.subset();
    }

    public HessianStructure hessian() {
        return settings.hessian();
    }

    public CurvatureType curvature() {
        return settings.curvature();
    }

    public Link link() {
        return settings.link();
    }

    public PredictionType prediction() {
        return settings.prediction();
    }

    /** The Gaussian noise σ in use, in network (standardised) units; NaN for classification. */
    public double sigmaNoise() {
        return sigma;
    }

    /** The MAP model this posterior linearises around. */
    public MapPosterior map() {
        return map;
    }

    /**
     * The linearised network's output distribution at the inputs (user units in, network units out):
     * f ~ N(f(x, θ*), J Σ Jᵀ) per row, with full C x C covariances.
     */
    public LinearisedOutputs linearise(Dataset inputs) {
        return linearise(inputs, false);
    }

    /**
     * {@link #linearise(Dataset)}, with only the output variances when {@code diagonalOnly}: for the
     * last layer alone the Jacobian I_C ⊗ ãᵀ is never materialised, so this costs O(C) per input
     * with KFAC and diag (e.g. 1,000 classes).
     */
    public LinearisedOutputs linearise(Dataset inputs, boolean diagonalOnly) {
        checkOpen();
        return predictive.linearise(inputs, diagonalOnly, evidence.curvatureScale(sigma));
    }

    @Override
    public Predictive predict(Dataset inputs) {
        checkOpen();
        return predictive.predict(inputs, sigma, evidence.curvatureScale(sigma));
    }

    @Override
    public void save(Path directory) throws IOException {
        checkOpen();
        LaplaceCodec.save(this, directory);
    }

    Laplace.Settings settings() {
        return settings;
    }

    LaplaceWeights weights() {
        return weights;
    }

    LaplaceEvidence evidence() {
        return evidence;
    }

    /** The curvature arrays to save ({@link PosteriorPrecision#arrays}). */
    Map<String, float[]> curvatureArrays() {
        return precision.arrays();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Laplace posterior has been closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            precision.close();
            manager.close();
            if (ownsMap) {
                map.close();
            }
        }
    }
}
