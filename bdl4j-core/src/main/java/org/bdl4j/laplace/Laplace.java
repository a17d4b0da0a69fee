package org.bdl4j.laplace;

import java.util.List;
import java.util.Objects;
import org.bdl4j.Likelihood;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.curvature.FullCurvature;
import org.bdl4j.curvature.LinearLayer;
import org.bdl4j.curvature.Subnetwork;
import org.bdl4j.data.DataProvenance;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ModelHeader;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.nn.Network;
import org.bdl4j.train.MapPosterior;

/**
 * Post-hoc Laplace approximation of a trained MAP network (Daxberger et al. 2021):
 *
 * <pre>
 *   try (LaplacePosterior post = Laplace.builder(map)
 *           .subset(SubsetOfWeights.LAST_LAYER).hessian(HessianStructure.KRON)
 *           .curvature(CurvatureType.GGN).priorPrecision(PriorPrecision.marginalLikelihood())
 *           .link(Link.PROBIT).prediction(PredictionType.GLM).build().fit(train)) {
 *       ClassificationPredictive p = post.predictClasses(test);
 *   }
 * </pre>
 *
 * A subnetwork Laplace ({@link Builder#subnetwork}) is a full-covariance Laplace over chosen weights
 * of the Linear layers, all others at the MAP (Daxberger et al. 2021).
 *
 * <p>Defaults: last layer, KRON (FULL for a subnetwork), GGN (M = 1 sampled label per row for the Monte
 * Carlo Fisher), the prior precision the MAP was trained with (else the marginal likelihood), GLM
 * predictive with the Monte Carlo link (probit above {@value Link#MC_MAX_CLASSES} classes,
 * {@link Link#defaultFor}), 100 Monte Carlo samples, seed 0, and
 * (regression) the noise σ the MAP was trained with. (Through the registry, {@link LaplaceMethod}
 * chooses the prior precision from the data by default: the marginal likelihood, checked against a
 * grid search on the validation rows when there are some.) The MAP posterior must stay open while the Laplace posterior is used; closing the
 * Laplace posterior does not close it.
 */
public final class Laplace {
    /** The structure of whole-layer Laplace unless one is asked for: KFAC. */
    public static final HessianStructure DEFAULT_HESSIAN = HessianStructure.KRON;

    private final MapPosterior map;
    private final LaplaceWeights.Choice weights;
    private final Settings settings;
    private final PriorPrecision prior;
    private final boolean optimizeSigma;
    private final String weightsName;
    /** The S of a largest-variance subnetwork not yet chosen (its choice needs every row), else 0. */
    private final int largestVarianceToChoose;

    private Laplace(Builder b, LaplaceWeights.Choice weights, HessianStructure hessian) {
        map = b.map;
        this.weights = weights;
        weightsName = b.subnetwork == null ? (b.subset != null ? b.subset : SubsetOfWeights.LAST_LAYER).cliName()
                : b.subnetwork instanceof SubnetworkSelection.LargestVariance v
                        ? "subnetwork of the " + v.size() + " largest-variance weights"
                        : "subnetwork of " + ((SubnetworkSelection.Given) b.subnetwork).indices().length + " given weights";
        largestVarianceToChoose = b.subnetwork instanceof SubnetworkSelection.LargestVariance v ? v.size() : 0;
        prior = b.prior != null ? b.prior : defaultPrior(b.map);
        optimizeSigma = b.optimizeSigma;
        double sigmaNoise = Double.isNaN(b.sigmaNoise) ? b.map.sigmaNoise()
                : b.sigmaNoise / Math.sqrt(b.map.schema().varianceToOriginal(1.0));
        Link link = b.link != null ? b.link : Link.defaultFor(b.map.network().spec().outputs());
        settings = new Settings(hessian, b.curvature, link, b.prediction, b.samples, b.seed, sigmaNoise,
                b.fisherSamples);
    }

    /** This Laplace with its weights fixed to a subnetwork already chosen. */
    private Laplace(Laplace chosenFrom, LaplaceWeights.Subnet chosen) {
        map = chosenFrom.map;
        weights = (m, s, rows) -> chosen;
        settings = chosenFrom.settings;
        prior = chosenFrom.prior;
        optimizeSigma = chosenFrom.optimizeSigma;
        weightsName = chosenFrom.weightsName;
        largestVarianceToChoose = 0;
    }

    public static Builder builder(MapPosterior map) {
        return new Builder(map);
    }

    /**
     * Computes the curvature at the MAP on {@code train} (in the user's units, with targets; the
     * schema's standardisation is applied), chooses λ, and returns the posterior.
     */
    public LaplacePosterior fit(Dataset train) {
        return fit(train, false);
    }

    /**
     * {@link #fit} for a MAP that has no other owner (e.g. one just trained for this posterior): the
     * returned posterior closes the MAP when it is closed, and so does a failed fit.
     */
    public LaplacePosterior fitTakingOwnership(Dataset train) {
        try {
            return fit(train, true);
        } catch (RuntimeException e) {
            map.close();
            throw e;
        }
    }

    private LaplacePosterior fit(Dataset train, boolean ownsMap) {
        Objects.requireNonNull(train, "train");
        if (!train.hasTargets()) {
            throw new IllegalArgumentException("the Laplace training table has no target column");
        }
        Dataset trainN = map.schema().toNetworkUnits(train);
        ModelHeader header = map.header().derive(LaplacePosterior.METHOD, train, settings());
        return withPrior(LaplaceFit.fit(header, map, ownsMap, weights, settings, trainN));
    }

    /**
     * One share of a fit swept apart: the curvature and log-likelihood sums at the MAP over {@code rows}
     * (in the user's units, with targets). The sums of disjoint row sets add ({@link CurvatureSums#plus})
     * and {@link #fit(CurvatureSums, DataProvenance)} builds the posterior from their total.
     *
     * @throws IllegalArgumentException for a subnetwork chosen by largest variance not yet chosen
     *     ({@link #withSubnetworkChosen})
     */
    public CurvatureSums curvatureSums(Dataset rows) {
        Objects.requireNonNull(rows, "rows");
        if (!rows.hasTargets()) {
            throw new IllegalArgumentException("the Laplace training rows have no target column");
        }
        Dataset rowsN = map.schema().toNetworkUnits(rows);
        return LaplaceFit.sums(map, rowsWithoutChoice(), settings, rowsN);
    }

    /**
     * The posterior from the {@link #curvatureSums} of all training rows, with the prior precision (and
     * σ, if asked) chosen as {@link #fit(Dataset)} chooses them. It equals the fit on all rows up to the
     * order of summation (and, for the Monte Carlo Fisher, the draws of its labels).
     *
     * @param data the training rows' provenance (source, SHA-256 if known, rows, columns), for the model file
     */
    public LaplacePosterior fit(CurvatureSums total, DataProvenance data) {
        Objects.requireNonNull(total, "total");
        ModelHeader header = map.header().derive(LaplacePosterior.METHOD, data, settings());
        return withPrior(LaplaceFit.fromSums(header, map, false, rowsWithoutChoice(), settings, total));
    }

    /**
     * Whether these weights are a largest-variance subnetwork still to be chosen: swept apart, such a
     * fit takes two passes over the rows, {@link #subnetworkSelectionSums} then, with the subnetwork
     * {@linkplain #withSubnetworkChosen chosen} from their total, {@link #curvatureSums}.
     */
    public boolean choosesSubnetworkFromRows() {
        return largestVarianceToChoose > 0;
    }

    /**
     * The first pass of a largest-variance subnetwork swept apart: the diagonal of the curvature (this
     * Laplace's type) of every Linear layer over {@code rows}, in the user's units with targets. The
     * sums of disjoint row sets add.
     *
     * @throws IllegalStateException if these weights are not a largest-variance subnetwork to choose
     */
    public CurvatureSums subnetworkSelectionSums(Dataset rows) {
        if (!choosesSubnetworkFromRows()) {
            throw new IllegalStateException("the weights (" + weightsName + ") are not chosen from the rows");
        }
        Objects.requireNonNull(rows, "rows");
        if (!rows.hasTargets()) {
            throw new IllegalArgumentException("the Laplace training rows have no target column");
        }
        return LaplaceFit.selectionSums(map, settings, map.schema().toNetworkUnits(rows));
    }

    /**
     * This Laplace with its largest-variance subnetwork chosen from the {@link #subnetworkSelectionSums}
     * of all the training rows: the S weights of largest 1/(h_i + λ) (Daxberger et al. 2021), the same
     * choice a fit on all rows makes. Its {@link #curvatureSums} and {@link #fit(CurvatureSums,
     * DataProvenance)} then finish the fit.
     */
    public Laplace withSubnetworkChosen(CurvatureSums selectionTotal) {
        if (!choosesSubnetworkFromRows()) {
            throw new IllegalStateException("the weights (" + weightsName + ") are not chosen from the rows");
        }
        return new Laplace(this, LaplaceFit.largestVariance(map, selectionTotal, largestVarianceToChoose));
    }

    private LaplaceWeights rowsWithoutChoice() {
        if (choosesSubnetworkFromRows()) {
            throw new IllegalArgumentException("a largest-variance subnetwork is chosen from every row: sum "
                    + "subnetworkSelectionSums over the rows and fit withSubnetworkChosen(total)");
        }
        return weights.on(map, settings, null);
    }

    /** Sets the prior precision (and σ, if asked) on a fitted posterior; closes it on failure. */
    private LaplacePosterior withPrior(LaplacePosterior post) {
        try {
            if (optimizeSigma) {
                post.optimizeSigmaNoise(prior);
            } else {
                post.setPriorPrecision(prior);
            }
            return post;
        } catch (RuntimeException e) {
            post.close();
            throw e;
        }
    }

    /** These settings by option name (for model files). */
    public java.util.Map<String, String> settings() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put(LaplaceMethod.SUBSET.name(), weightsName);
        out.put(LaplaceMethod.HESSIAN.name(), settings.hessian().cliName());
        out.put(LaplaceMethod.CURVATURE.name(), settings.curvature().cliName());
        if (settings.curvature() == CurvatureType.MC_FISHER) {
            out.put(LaplaceMethod.FISHER_SAMPLES.name(), Integer.toString(settings.fisherSamples()));
        }
        out.put("prior", prior.describe());
        out.put(LaplaceMethod.LINK.name(), settings.link().cliName());
        out.put(LaplaceMethod.PRED.name(), settings.prediction().cliName());
        out.put(LaplaceMethod.SAMPLES.name(), Integer.toString(settings.samples()));
        if (map.likelihood() == Likelihood.GAUSSIAN) {
            out.put("sigma-noise", (optimizeSigma ? "marglik from " : "") + settings.sigmaNoise() + " (network units)");
        }
        out.put("seed", Long.toString(settings.seed()));
        return out;
    }

    private static PriorPrecision defaultPrior(MapPosterior map) {
        double trained = map.priorPrecision();
        return trained > 0 ? PriorPrecision.fixed(trained) : PriorPrecision.marginalLikelihood();
    }

    /**
     * The axes and prediction settings of a Laplace posterior besides its weights ({@link LaplaceWeights};
     * a subnetwork's hessian is FULL); {@code sigmaNoise} is the σ₀ of the fit in network units,
     * {@code fisherSamples} the M of the Monte Carlo Fisher (drawn with {@code seed}).
     */
    /**
     * Refuses {@code hessian} over the {@code subset} of {@code net}'s layers when its curvature cannot
     * be held ({@link CurvatureMemory}), before anything is allocated.
     *
     * @throws org.bdl4j.options.InvalidOptionException naming the estimate and the cheaper structures
     */
    public static void checkMemory(Network net, SubsetOfWeights subset, HessianStructure hessian) {
        CurvatureMemory.check(hessian, subset.select(AffineLayer.of(net)),
                subset == SubsetOfWeights.LAST_LAYER ? "the last layer" : "all layers", Runtime.getRuntime().maxMemory());
    }

    record Settings(HessianStructure hessian, CurvatureType curvature, Link link, PredictionType prediction,
            int samples, long seed, double sigmaNoise, int fisherSamples) {}

    /** Options; {@link #build} validates. */
    public static final class Builder {
        private final MapPosterior map;
        private SubsetOfWeights subset;
        private HessianStructure hessian;
        private SubnetworkSelection subnetwork;
        private CurvatureType curvature = CurvatureType.GGN;
        private PriorPrecision prior;
        private Link link; // null: Link.defaultFor the number of outputs
        private PredictionType prediction = PredictionType.GLM;
        private int samples = 100;
        private long seed;
        private double sigmaNoise = Double.NaN;
        private boolean optimizeSigma;
        private int fisherSamples = 1;

        private Builder(MapPosterior map) {
            this.map = Objects.requireNonNull(map, "map");
        }

        public Builder subset(SubsetOfWeights s) {
            subset = Objects.requireNonNull(s, "subset");
            return this;
        }

        /**
         * A subnetwork Laplace over the chosen parameters of the Linear layers (indices over all of
         * them, see {@link SubnetworkSelection}); its hessian is FULL, its subset ALL.
         */
        public Builder subnetwork(SubnetworkSelection s) {
            subnetwork = Objects.requireNonNull(s, "subnetwork");
            return this;
        }

        public Builder hessian(HessianStructure h) {
            hessian = Objects.requireNonNull(h, "hessian");
            return this;
        }

        public Builder curvature(CurvatureType c) {
            curvature = Objects.requireNonNull(c, "curvature");
            return this;
        }

        public Builder priorPrecision(PriorPrecision p) {
            prior = Objects.requireNonNull(p, "priorPrecision");
            return this;
        }

        public Builder link(Link l) {
            link = Objects.requireNonNull(l, "link");
            return this;
        }

        /** GLM (default) or NN, see {@link PredictionType}. */
        public Builder prediction(PredictionType p) {
            prediction = Objects.requireNonNull(p, "prediction");
            return this;
        }

        /** Monte Carlo samples of the {@link Link#MC} link and of {@link PredictionType#NN} (default 100). */
        public Builder optSamples(int s) {
            samples = s;
            return this;
        }

        /** The seed of every random choice: the MC link, NN weight draws and the Monte Carlo Fisher's labels. */
        public Builder optSeed(long s) {
            seed = s;
            return this;
        }

        /**
         * {@link CurvatureType#MC_FISHER}: the labels M sampled per training row (default 1, as in
         * laplace-torch and BackPACK); the curvature averages their M outer products.
         */
        public Builder optFisherSamples(int m) {
            fisherSamples = m;
            return this;
        }

        /**
         * The Gaussian observation noise σ, in the target's units, for a regression MAP (default: the
         * σ the MAP was trained with). It scales the curvature (Λ = 1/σ²), the likelihood of the
         * marginal likelihood and the aleatoric variance.
         */
        public Builder optSigmaNoise(double sigma) {
            LaplaceMethod.SIGMA_NOISE.check(sigma);
            checkGaussian();
            sigmaNoise = sigma;
            return this;
        }

        /**
         * Regression: choose σ by the marginal likelihood too (jointly with λ when λ is optimised;
         * see {@link LaplacePosterior#optimizeSigmaNoise}), starting from the MAP's or the given σ.
         */
        public Builder optimizeSigmaNoise() {
            checkGaussian();
            optimizeSigma = true;
            return this;
        }

        private void checkGaussian() {
            if (map.likelihood() != Likelihood.GAUSSIAN) {
                throw new InvalidOptionException(LaplaceMethod.SIGMA_NOISE.name(), "{"
                        + LaplaceMethod.SIGMA_NOISE.name() + "} applies to the gaussian likelihood, found "
                        + map.likelihood().cliName());
            }
        }

        public Laplace build() {
            LaplaceMethod.SAMPLES.check(samples);
            LaplaceMethod.FISHER_SAMPLES.check(fisherSamples);
            if (map.likelihood() == Likelihood.HETEROSCEDASTIC_GAUSSIAN) {
                throw new IllegalArgumentException("laplace supports the categorical and gaussian likelihoods, found "
                        + map.likelihood().cliName());
            }
            if (subnetwork != null) { // the builder's one mapping onto LaplaceWeights
                checkSubnetwork();
                return new Laplace(this, LaplaceWeights.choice(subnetwork), HessianStructure.FULL);
            }
            SubsetOfWeights s = subset != null ? subset : SubsetOfWeights.LAST_LAYER;
            HessianStructure h = hessian != null ? hessian : DEFAULT_HESSIAN;
            checkMemory(map.network(), s, h);
            return new Laplace(this, LaplaceWeights.choice(s), h);
        }

        private void checkSubnetwork() {
            if (hessian != null && hessian != HessianStructure.FULL) {
                throw InvalidOptionException.mustBe(LaplaceMethod.HESSIAN.name(), "full for a subnetwork", hessian);
            }
            if (subset != null && subset != SubsetOfWeights.ALL) {
                throw new IllegalArgumentException("a subnetwork's indices range over every Linear layer (subset all),"
                        + " found subset " + subset.cliName());
            }
            List<LinearLayer> all = LinearLayer.of(map.network());
            int p = Subnetwork.parameterCount(all);
            int limit = Math.min(p, FullCurvature.MAX_PARAMETERS);
            int size = subnetwork instanceof SubnetworkSelection.LargestVariance v ? v.size()
                    : Subnetwork.of(all, ((SubnetworkSelection.Given) subnetwork).indices()).size();
            if (size > limit) {
                throw InvalidOptionException.mustBe(LaplaceMethod.SUBNETWORK_SIZE.name(), "in [1, " + limit
                        + "] (the Linear layers have " + p + " parameters; a full covariance at most "
                        + FullCurvature.MAX_PARAMETERS + ")", size);
            }
        }
    }
}
