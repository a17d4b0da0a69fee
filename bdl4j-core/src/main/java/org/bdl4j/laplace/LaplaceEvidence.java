package org.bdl4j.laplace;

import java.util.Arrays;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;

/**
 * The evidence of a fitted Laplace posterior: the Laplace estimate of the log marginal likelihood
 * (MacKay 1992; Immer et al. 2021; see {@link MarginalLikelihood}) as a function of the prior
 * precisions λ_l and, for regression, the Gaussian noise σ, its gradient in log λ_l, and the searches
 * over them. It owns what the curvature pass leaves besides the curvature: log p(D | θ*, σ₀), the number
 * of training rows N and ‖θ*_l‖² over the Laplace weights of each prior group.
 *
 * <p>σ enters through the likelihood, log p(D | θ*, σ) = -N/2 log 2πσ² - SSE/2σ², and through the
 * curvature, which for a Gaussian is s·H₀ with s = (σ₀/σ)² for the GGN and the Monte Carlo Fisher and
 * (σ₀/σ)⁴ for the empirical Fisher, so that log det(s·H₀ + diag(λ)) = P log s + log det(H₀ + diag(λ/s))
 * and (s·H₀ + diag(λ))⁻¹ = (1/s)(H₀ + diag(λ/s))⁻¹: the structure H₀ of the fit serves every σ.
 * Everything is in network units: for standardised regression targets it is the evidence of the
 * standardised targets.
 */
final class LaplaceEvidence {
    /** σ is searched within this factor of the fit's σ₀, either way. */
    static final double SIGMA_RANGE = 100;
    /** Rounds of the coordinate ascent over σ and λ. */
    private static final int SIGMA_ROUNDS = 8;

    private final PosteriorPrecision precision;
    private final Likelihood likelihood;
    private final double sigma0;
    private final int sigmaPower;
    private final double mapPriorPrecision;
    private final double logLikelihood;
    private final int trainRows;
    private final double thetaSquaredNorm;
    private final double[] layerSquaredNorms;

    /** The posterior's prior precisions and noise together (network units). */
    record Choice(double[] lambdas, double sigma) {}

    /**
     * The per-row negative log-likelihood on validation rows of the posterior's predictive at each scalar
     * prior precision λ_k (every λ_l = λ_k) at the noise σ: [k][row].
     */
    @FunctionalInterface
    interface ValidationNll {
        double[][] at(double[] lambdas, double sigma, Dataset validation);
    }

    /**
     * @param theta θ*, the MAP's flat parameters
     * @param flatIndices the θ index of each Laplace parameter, in the curvature's order
     * @param settings the fit's: σ₀ and the curvature type (the power of s(σ))
     * @param mapPriorPrecision the λ the MAP was trained with (≤ 0: none), a start for the search
     * @param logLikelihood log p(D | θ*, σ₀) of the curvature pass
     * @param trainRows N
     */
    LaplaceEvidence(PosteriorPrecision precision, Likelihood likelihood, Laplace.Settings settings,
            double mapPriorPrecision, float[] theta, int[] flatIndices, double logLikelihood, int trainRows) {
        this.precision = precision;
        this.likelihood = likelihood;
        this.sigma0 = settings.sigmaNoise();
        this.sigmaPower = settings.curvature().sigmaPower();
        this.mapPriorPrecision = mapPriorPrecision;
        this.logLikelihood = logLikelihood;
        this.trainRows = trainRows;
        int[] groups = precision.groupSizes();
        double s = 0;
        double[] perLayer = new double[groups.length];
        for (int l = 0, k = 0; l < groups.length; l++) {
            for (int i = 0; i < groups[l]; i++, k++) {
                double sq = (double) theta[flatIndices[k]] * theta[flatIndices[k]];
                s += sq;
                perLayer[l] += sq;
            }
        }
        this.thetaSquaredNorm = s;
        this.layerSquaredNorms = perLayer;
    }

    /** log p(D | θ*, σ₀) of the fit. */
    double fitLogLikelihood() {
        return logLikelihood;
    }

    /** N, the training rows of the fit. */
    int trainRows() {
        return trainRows;
    }

    /**
     * log p(D | λ) ≈ log p(D | θ*, σ) - ½ λ ‖θ*‖² + (P/2) log λ - ½ log det(s·H₀ + λI), with
     * log det(s·H₀ + λI) = P log s + log det(H₀ + (λ/s) I).
     */
    double logMarginalLikelihood(double lambda, double sigma) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("priorPrecision must be > 0, found " + lambda);
        }
        checkSigma(sigma);
        double s = curvatureScale(sigma);
        int p = precision.size();
        double logDet = p * Math.log(s) + precision.logDet(lambda / s);
        return MarginalLikelihood.of(logLikelihood(sigma), thetaSquaredNorm, p, logDet, lambda);
    }

    /**
     * The per-layer form, log p(D | θ*, σ) - ½ Σ_l λ_l ‖θ*_l‖² + ½ Σ_l P_l log λ_l
     * - ½ log det(s·H₀ + diag(λ)), with log det(s·H₀ + diag(λ)) = P log s + log det(H₀ + diag(λ/s)).
     */
    double logMarginalLikelihood(double[] lambdas, double sigma) {
        checkLambdas(lambdas, sigma);
        double s = curvatureScale(sigma);
        double logDet = precision.size() * Math.log(s) + precision.logDet(divided(lambdas, s));
        return MarginalLikelihood.of(logLikelihood(sigma), layerSquaredNorms, precision.groupSizes(), logDet,
                lambdas);
    }

    /**
     * ∂ log p(D | λ)/∂ log λ_l = ½(P_l - λ_l‖θ*_l‖² - λ_l tr_l((s·H₀ + diag(λ))⁻¹)), with
     * tr_l((s·H₀ + diag(λ))⁻¹) = tr_l((H₀ + diag(λ/s))⁻¹)/s.
     */
    double[] gradient(double[] lambdas, double sigma) {
        checkLambdas(lambdas, sigma);
        double s = curvatureScale(sigma);
        double[] traces = precision.covarianceTraces(divided(lambdas, s));
        for (int l = 0; l < traces.length; l++) {
            traces[l] /= s;
        }
        return MarginalLikelihood.gradient(layerSquaredNorms, precision.groupSizes(), lambdas, traces);
    }

    /** One finite λ_l > 0 per prior group and, for a Gaussian, σ > 0. */
    void checkLambdas(double[] lambdas, double sigma) {
        int groups = precision.groupSizes().length;
        if (lambdas.length != groups) {
            throw new IllegalArgumentException("priorPrecisions needs " + groups + " values (one per layer), found "
                    + lambdas.length);
        }
        for (double l : lambdas) {
            if (!(l > 0) || !Double.isFinite(l)) {
                throw new IllegalArgumentException("priorPrecision must be > 0, found " + l);
            }
        }
        checkSigma(sigma);
    }

    private void checkSigma(double sigma) {
        if (likelihood == Likelihood.GAUSSIAN && !(sigma > 0)) {
            throw new IllegalArgumentException("sigmaNoise must be > 0, found " + sigma);
        }
    }

    /** λ for every prior group. */
    double[] uniform(double lambda) {
        double[] out = new double[precision.groupSizes().length];
        Arrays.fill(out, lambda);
        return out;
    }

    /** λ/s(σ): the prior precisions at which the structure H₀ gives Σ = (1/s)(H₀ + diag(λ/s))⁻¹. */
    double[] structureLambdas(double[] lambdas, double sigma) {
        return divided(lambdas, curvatureScale(sigma));
    }

    /** s(σ) = (σ₀/σ)^m (GGN and MC Fisher m = 2, EF m = 4) for a Gaussian; 1 for classification. */
    double curvatureScale(double sigma) {
        if (likelihood != Likelihood.GAUSSIAN) {
            return 1;
        }
        return Math.pow(sigma0 / sigma, sigmaPower);
    }

    /** log p(D | θ*, σ); the sum of squared residuals is recovered from the fit's log-likelihood at σ₀. */
    private double logLikelihood(double sigma) {
        if (likelihood != Likelihood.GAUSSIAN) {
            return logLikelihood;
        }
        double n = trainRows;
        double sse = -2 * sigma0 * sigma0 * (logLikelihood + 0.5 * n * Math.log(2 * Math.PI * sigma0 * sigma0));
        return -0.5 * n * Math.log(2 * Math.PI * sigma * sigma) - sse / (2 * sigma * sigma);
    }

    private static double[] divided(double[] a, double s) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / s;
        }
        return out;
    }

    /** The {@link PriorPrecision.Search} at the noise σ; the grid search predicts through {@code predictive}. */
    PriorPrecision.Search search(double sigma, ValidationNll predictive) {
        return new PriorPrecision.Search() {
            @Override
            public int groups() {
                return precision.groupSizes().length;
            }

            @Override
            public double evidenceMaximum(double low, double high) {
                return scalarMaximum(low, high, sigma);
            }

            @Override
            public double[] evidenceMaximumPerLayer(double low, double high) {
                return perLayerMaximum(low, high, sigma);
            }

            @Override
            public double[][] validationRowNll(double[] lambdas, Dataset validation) {
                return predictive.at(lambdas, sigma, validation);
            }
        };
    }

    /**
     * The scalar λ maximising the evidence by Newton on log λ ({@link MarginalLikelihood#maximise}),
     * from the structure's cheap guess if it has one, else from the λ the MAP was trained with;
     * (s·H₀ + λI)⁻ᵏ = s⁻ᵏ (H₀ + (λ/s) I)⁻ᵏ gives the moments at σ.
     */
    private double scalarMaximum(double low, double high, double sigma) {
        double s = curvatureScale(sigma);
        // the structure's own guess for H₀ is at μ = λ/s, where μ(s‖θ‖² + t₁(μ)) = P
        double guess = precision.evidenceStart(s * thetaSquaredNorm, low / s, high / s);
        double start = Double.isFinite(guess) ? s * guess
                : mapPriorPrecision > 0 ? mapPriorPrecision : Math.sqrt(low * high);
        return MarginalLikelihood.maximise(precision.size(), thetaSquaredNorm, l -> {
            double[] t = precision.traceMoments(l / s);
            return new double[] {t[0] / s, t[1] / (s * s)};
        }, low, high, start);
    }

    /** The per-layer maximum from the scalar one ({@link MarginalLikelihood#maximisePerLayer}). */
    private double[] perLayerMaximum(double low, double high, double sigma) {
        double[] start = uniform(scalarMaximum(low, high, sigma));
        return MarginalLikelihood.maximisePerLayer(l -> logMarginalLikelihood(l, sigma), l -> gradient(l, sigma),
                start, precision.groupSizes(), low, high);
    }

    /**
     * Regression: the noise σ chosen by the marginal likelihood as well, by coordinate ascent
     * ({@value #SIGMA_ROUNDS} rounds) on log σ within a factor {@value #SIGMA_RANGE} of the fit's σ₀ (grid and
     * golden
     * section, {@link MarginalLikelihood#maximise(java.util.function.DoubleUnaryOperator, double, double)})
     * and, through {@code prior}, on λ.
     *
     * @param sigma the noise in use, at which {@code prior} first chooses λ
     */
    Choice optimizeSigma(PriorPrecision prior, double sigma, ValidationNll predictive) {
        if (likelihood != Likelihood.GAUSSIAN) {
            throw new IllegalArgumentException("sigmaNoise applies to the gaussian likelihood, found "
                    + likelihood.cliName());
        }
        double[] lambdas = prior.choose(search(sigma, predictive));
        double current = sigma;
        for (int round = 0; round < SIGMA_ROUNDS; round++) {
            double[] l = lambdas;
            current = MarginalLikelihood.maximise(sd -> PosteriorPrecision.uniform(l) ? logMarginalLikelihood(l[0], sd)
                    : logMarginalLikelihood(l, sd), sigma0 / SIGMA_RANGE, sigma0 * SIGMA_RANGE);
            lambdas = prior.choose(search(current, predictive));
        }
        return new Choice(lambdas, current);
    }
}
