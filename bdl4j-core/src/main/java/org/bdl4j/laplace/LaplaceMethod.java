package org.bdl4j.laplace;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.ModelDirectory;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.RegisteredMethod;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.options.EnumNames;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.Network;
import org.bdl4j.options.Rule;
import org.bdl4j.options.ValueType;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.TrainingOptions;

/**
 * The Laplace approximation ({@link Laplace}) as a method of the registry: curvature at the request's
 * MAP over the chosen weights and structure, prior precision fixed (the MAP's) or searched. The
 * descriptors here are the one home of the options' defaults and rules.
 */
public final class LaplaceMethod extends RegisteredMethod {
    public static final OptionDescriptor<Integer> SAMPLES = OptionDescriptor.integer("samples", 100)
            .withRule(Rule.atLeast(1)).withLabel("S")
            .withHelp("Monte Carlo samples at prediction (laplace: --link mc and --pred nn).");
    public static final OptionDescriptor<LaplaceSubset> SUBSET = OptionDescriptor.choice("subset",
            LaplaceSubset.class, LaplaceSubset.LAST_LAYER).withHelp("Laplace: which weights are Bayesian;"
                    + " subnetwork needs --subnetwork-size or --subnetwork-mask.");
    public static final OptionDescriptor<Integer> SUBNETWORK_SIZE = OptionDescriptor.integer("subnetwork-size", null)
            .withRule(Rule.atLeast(1)).withLabel("S").withHelp("Laplace, --subset subnetwork: the S weights of"
                    + " largest marginal variance under a diagonal Laplace.");
    public static final OptionDescriptor<Path> SUBNETWORK_MASK = OptionDescriptor.path("subnetwork-mask")
            .withLabel("FILE").withHelp("Laplace, --subset subnetwork: a file listing the weights' indices (every"
                    + " Linear layer in turn, each as [out, in+1] with the bias last), separated by commas, spaces or"
                    + " newlines.");
    public static final OptionDescriptor<HessianStructure> HESSIAN = OptionDescriptor.choice("hessian",
            HessianStructure.class, null).withDefaultText("kron; full for --subset subnetwork")
            .withHelp("Laplace: curvature structure.");
    public static final OptionDescriptor<CurvatureType> CURVATURE = OptionDescriptor.choice("curvature",
            CurvatureType.class, CurvatureType.GGN).withHelp("Laplace: generalised Gauss-Newton, empirical Fisher or"
                    + " Monte Carlo Fisher.");
    public static final OptionDescriptor<Integer> FISHER_SAMPLES = OptionDescriptor.integer("fisher-samples", 1)
            .withRule(Rule.atLeast(1)).withLabel("M")
            .withHelp("Laplace, --curvature mcf: labels sampled per training row (drawn with --seed).");
    public static final OptionDescriptor<PriorSearch> PRIOR_OPTIMIZE = OptionDescriptor.choice("prior-optimize",
            PriorSearch.class, null)
            .withDefaultText("marglik, checked on the validation rows against gridsearch; a given --prior-precision"
                    + " is kept")
            .withHelp("Laplace: choose the prior precision by the log marginal likelihood (one, or one per layer),"
                    + " or by a grid search on the validation NLL.");
    public static final OptionDescriptor<double[]> PRIOR_GRID = OptionDescriptor.of("prior-grid", ValueType.NUMBERS,
            new double[] {1e-4, 1e4, 21}).withRule(new Rule<>(
                    "LOW,HIGH,N with 0 < LOW < HIGH and an integer N >= 2", LaplaceMethod::validGrid))
            .withLabel("LOW,HIGH,N").withHelp("Laplace, --prior-optimize gridsearch: N log-uniform points in"
                    + " [LOW, HIGH].");
    public static final OptionDescriptor<Link> LINK = OptionDescriptor.choice("link", Link.class, null)
            .withDefaultText("mc; probit above " + Link.MC_MAX_CLASSES + " classes")
            .withHelp("Laplace: link approximation of the GLM predictive (mc samples the logits: the epistemic"
                    + " column is their mutual information; probit and bridge are closed forms).");
    public static final OptionDescriptor<PredictionType> PRED = OptionDescriptor.choice("pred", PredictionType.class,
            PredictionType.GLM).withHelp("Laplace: linearised (glm) or sampled-network (nn) predictive.");
    public static final OptionDescriptor<Double> SIGMA_NOISE = OptionDescriptor.number("sigma-noise", null)
            .withRule(Rule.greaterThan(0)).withDefaultText("the MAP's fitted noise")
            .withHelp("Laplace, regression: observation noise in target units.");

    public LaplaceMethod() {
        super(LaplacePosterior.METHOD, "Gaussian at the MAP: last layer, all or a subnetwork; full/KFAC/diag", EnumSet.of(Likelihood.CATEGORICAL, Likelihood.GAUSSIAN), true, 30, SAMPLES, SUBSET, SUBNETWORK_SIZE, SUBNETWORK_MASK, HESSIAN, CURVATURE, FISHER_SAMPLES,
                PRIOR_OPTIMIZE, PRIOR_GRID, LINK, PRED, SIGMA_NOISE);
    }

    @Override
    public void validate(FitRequest request) {
        OptionValues o = request.options();
        prior(o, request.validation().orElse(null));
        if (subnetwork(o) == null) {
            SubsetOfWeights subset = o.get(SUBSET) == LaplaceSubset.ALL ? SubsetOfWeights.ALL
                    : SubsetOfWeights.LAST_LAYER;
            HessianStructure hessian = o.isSet(HESSIAN) ? o.get(HESSIAN) : Laplace.DEFAULT_HESSIAN;
            if (request.base().orElse(null) instanceof MapPosterior map) {
                Laplace.checkMemory(map.network(), subset, hessian);
            } else {
                NetworkSpec spec = request.network().withOutputs(request.likelihood().outputs(
                        request.train().numClasses()));
                try (Network net = Network.create(spec, DropoutMode.STANDARD, 0)) {
                    Laplace.checkMemory(net, subset, hessian);
                }
            }
        }
    }

    @Override
    public Posterior fit(FitRequest request) {
        MapPosterior map = request.map().copy();
        try {
            return laplace(map, request.options(), request.validation().orElse(null), request.seed())
                    .fitTakingOwnership(request.train());
        } catch (RuntimeException e) {
            map.close();
            throw e;
        }
    }

    /**
     * The Laplace approximation that {@code options} ask for around {@code map}, not yet fitted: the one
     * this method fits, for a fit swept in parts ({@link Laplace#curvatureSums}).
     *
     * @param validation the validation rows of the prior's default check and grid search, or null
     */
    public static Laplace laplace(MapPosterior map, OptionValues o, Dataset validation, long seed) {
        Laplace.Builder b = Laplace.builder(map).curvature(o.get(CURVATURE))
                .prediction(o.get(PRED)).optFisherSamples(o.get(FISHER_SAMPLES)).optSamples(o.get(SAMPLES))
                .optSeed(seed);
        SubnetworkSelection sub = subnetwork(o);
        if (sub != null) {
            b.subnetwork(sub);
        } else {
            b.subset(o.get(SUBSET) == LaplaceSubset.ALL ? SubsetOfWeights.ALL : SubsetOfWeights.LAST_LAYER);
        }
        if (o.isSet(LINK)) {
            b.link(o.get(LINK));
        }
        if (o.isSet(HESSIAN)) {
            b.hessian(o.get(HESSIAN));
        }
        PriorPrecision prior = prior(o, validation);
        if (prior != null) {
            b.priorPrecision(prior);
        }
        if (o.isSet(SIGMA_NOISE)) {
            b.optSigmaNoise(o.get(SIGMA_NOISE));
        }
        return build(b, o);
    }

    /** Builds, naming the mask file in the one-line error when the subnetwork does not fit the network. */
    private static Laplace build(Laplace.Builder b, OptionValues o) {
        try {
            return b.build();
        } catch (InvalidOptionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            if (o.isSet(SUBNETWORK_MASK)) {
                throw new InvalidOptionException(SUBNETWORK_MASK.name(), "{" + SUBNETWORK_MASK.name() + "} "
                        + o.get(SUBNETWORK_MASK) + ": " + e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public Posterior load(ModelDirectory directory) {
        return LaplaceCodec.load(directory);
    }

    /** The subnetwork the values ask for, or null; the combination of subset, size, mask and hessian checked. */
    private static SubnetworkSelection subnetwork(OptionValues o) {
        boolean sub = o.get(SUBSET) == LaplaceSubset.SUBNETWORK;
        if (!sub) {
            for (OptionDescriptor<?> d : List.of(SUBNETWORK_SIZE, SUBNETWORK_MASK)) {
                if (o.isSet(d)) {
                    throw new InvalidOptionException(d.name(), "{" + d.name() + "} needs {subset} subnetwork, found"
                            + " {subset} " + EnumNames.of(o.get(SUBSET)));
                }
            }
            return null;
        }
        if (o.isSet(SUBNETWORK_SIZE) == o.isSet(SUBNETWORK_MASK)) {
            throw new InvalidOptionException(SUBSET.name(), "{subset} subnetwork needs exactly one of"
                    + " {subnetwork-size} S and {subnetwork-mask} FILE");
        }
        if (o.isSet(HESSIAN) && o.get(HESSIAN) != HessianStructure.FULL) {
            throw InvalidOptionException.mustBe(HESSIAN.name(), "full for {subset} subnetwork", o.get(HESSIAN));
        }
        return o.isSet(SUBNETWORK_SIZE) ? SubnetworkSelection.largestVariance(o.get(SUBNETWORK_SIZE))
                : SubnetworkSelection.of(SubnetworkMaskFile.read(o.get(SUBNETWORK_MASK), SUBNETWORK_MASK.name()));
    }

    /**
     * The prior-precision choice the values ask for: a search if asked; else the {@code prior-precision}
     * given (which also applies to a MAP loaded from disk); else, by default, chosen from the data: the
     * marginal likelihood's λ (MacKay's evidence, the Bayesian choice), checked on the validation rows
     * when there are some against the grid search's λ, which replaces it when it predicts those rows
     * significantly better ({@link PriorPrecision#checkedMarginalLikelihood}; at the grid's large λ the
     * posterior shrinks to the MAP, so the check also keeps the predictive from being far worse than the
     * MAP's).
     */
    private static PriorPrecision prior(OptionValues o, Dataset validation) {
        if (!o.isSet(PRIOR_OPTIMIZE)) {
            if (o.isSet(TrainingOptions.PRIOR_PRECISION) && o.get(TrainingOptions.PRIOR_PRECISION) > 0) {
                return PriorPrecision.fixed(o.get(TrainingOptions.PRIOR_PRECISION));
            }
            if (validation == null) {
                return PriorPrecision.marginalLikelihood();
            }
            double[] g = o.get(PRIOR_GRID);
            return PriorPrecision.checkedMarginalLikelihood((PriorPrecision.GridSearch) PriorPrecision.gridSearch(
                    validation, g[0], g[1], (int) g[2]));
        }
        switch (o.get(PRIOR_OPTIMIZE)) {
            case MARGLIK:
                return PriorPrecision.marginalLikelihood();
            case MARGLIK_LAYERWISE:
                return PriorPrecision.marginalLikelihoodPerLayer();
            default:
                if (validation == null) {
                    throw new InvalidOptionException(PRIOR_OPTIMIZE.name(), "{prior-optimize} gridsearch needs a"
                            + " validation split: add {" + RequestOptions.VALIDATION_FRACTION.name() + "} F");
                }
                double[] g = o.get(PRIOR_GRID);
                return PriorPrecision.gridSearch(validation, g[0], g[1], (int) g[2]);
        }
    }

    private static boolean validGrid(double[] g) {
        return g.length == 3 && g[0] > 0 && g[1] > g[0] && Double.isFinite(g[1]) && g[2] >= 2 && g[2] == Math.rint(g[2])
                && g[2] <= Integer.MAX_VALUE;
    }
}
