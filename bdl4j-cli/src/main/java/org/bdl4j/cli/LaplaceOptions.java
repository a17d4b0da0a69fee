package org.bdl4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.data.Dataset;
import org.bdl4j.laplace.HessianStructure;
import org.bdl4j.laplace.Laplace;
import org.bdl4j.laplace.Link;
import org.bdl4j.laplace.PredictionType;
import org.bdl4j.laplace.PriorPrecision;
import org.bdl4j.laplace.SubnetworkSelection;
import org.bdl4j.laplace.SubsetOfWeights;
import org.bdl4j.train.MapPosterior;
import picocli.CommandLine.Option;

/**
 * The options of {@code --method laplace} (DESIGN.md). The prior precision of the Laplace posterior
 * is the one the MAP was trained with ({@code --prior-precision}, default 1) unless
 * {@code --prior-optimize} chooses it: {@code marglik} (one λ by the marginal likelihood),
 * {@code marglik-layerwise} (one λ per layer by the marginal likelihood) or {@code gridsearch}
 * (one λ of a log-uniform grid by the NLL on the validation split, {@code --validation-fraction}).
 * {@code --subset subnetwork} is a full-covariance Laplace over {@code --subnetwork-size S} weights of
 * largest diagonal-Laplace variance or over the indices listed in {@code --subnetwork-mask FILE}.
 */
final class LaplaceOptions {
    private static final String SUBNETWORK = "subnetwork";

    @Option(names = "--subset", defaultValue = "last-layer", paramLabel = "last-layer|all|subnetwork",
            description = "Laplace: which weights are Bayesian; subnetwork needs --subnetwork-size or --subnetwork-mask"
                    + " (default: ${DEFAULT-VALUE}).")
    String subset = "last-layer";

    @Option(names = "--subnetwork-size", paramLabel = "S",
            description = "Laplace, --subset subnetwork: the S weights of largest marginal variance under a diagonal Laplace.")
    Integer subnetworkSize;

    @Option(names = "--subnetwork-mask", paramLabel = "FILE",
            description = "Laplace, --subset subnetwork: a file listing the weights' indices (every Linear layer in turn,"
                    + " each as [out, in+1] with the bias last), separated by commas, spaces or newlines.")
    Path subnetworkMask;

    @Option(names = "--hessian", paramLabel = "full|kron|diag",
            description = "Laplace: curvature structure (default: kron; full for --subset subnetwork).")
    String hessian;

    @Option(names = "--curvature", defaultValue = "ggn", paramLabel = "ggn|ef|mcf",
            description = "Laplace: generalised Gauss-Newton, empirical Fisher or Monte Carlo Fisher"
                    + " (default: ${DEFAULT-VALUE}).")
    String curvature = "ggn";

    @Option(names = "--fisher-samples", defaultValue = "1", paramLabel = "M",
            description = "Laplace, --curvature mcf: labels sampled per training row (default: ${DEFAULT-VALUE};"
                    + " drawn with --seed).")
    int fisherSamples = 1;

    @Option(names = "--prior-optimize", paramLabel = "marglik|marglik-layerwise|gridsearch",
            description = "Laplace: choose the prior precision by the log marginal likelihood (one, or one per layer),"
                    + " or by a grid search on the validation NLL (needs --validation-fraction).")
    String priorOptimize;

    @Option(names = "--prior-grid", defaultValue = "1e-4,1e4,21", paramLabel = "LOW,HIGH,N",
            description = "Laplace, --prior-optimize gridsearch: N log-uniform points in [LOW, HIGH] (default: ${DEFAULT-VALUE}).")
    String priorGrid = "1e-4,1e4,21";

    @Option(names = "--link", defaultValue = "probit", paramLabel = "probit|mc|bridge",
            description = "Laplace: link approximation of the GLM predictive (default: ${DEFAULT-VALUE}).")
    String link = "probit";

    @Option(names = "--pred", defaultValue = "glm", paramLabel = "glm|nn",
            description = "Laplace: linearised (glm) or sampled-network (nn) predictive (default: ${DEFAULT-VALUE}).")
    String pred = "glm";

    @Option(names = "--sigma-noise", paramLabel = "X",
            description = "Laplace, regression: observation noise in target units (default: the MAP's fitted noise).")
    Double sigmaNoise;

    /**
     * Checks every value, naming the option; cheap, so commands call it before training anything.
     *
     * @param validationSplit whether the command holds out a validation split (for the grid search)
     */
    void validate(boolean validationSplit) {
        if ("gridsearch".equals(priorOptimizeName()) && !validationSplit) {
            throw new CliException("--prior-optimize gridsearch needs a validation split: add --validation-fraction F");
        }
        parseAll();
    }

    /**
     * The Laplace of {@code map} with these options.
     *
     * @param validation the validation rows (user units) for {@code --prior-optimize gridsearch}, or null
     */
    Laplace.Builder builder(MapPosterior map, Dataset validation) {
        Parsed o = parseAll();
        Laplace.Builder b = Laplace.builder(map).curvature(o.curvature()).link(o.link()).prediction(o.prediction())
                .optFisherSamples(fisherSamples);
        if (o.subnetwork() != null) {
            b.subnetwork(o.subnetwork());
        } else {
            b.subset(o.subset());
        }
        if (o.hessian() != null) {
            b.hessian(o.hessian());
        }
        if (priorOptimize != null) {
            b.priorPrecision(prior(validation));
        }
        if (sigmaNoise != null) {
            b.optSigmaNoise(sigmaNoise);
        }
        if (o.subnetwork() != null) { // checked against the network before any curvature pass
            parse(o.subnetwork() instanceof SubnetworkSelection.Given ? "--subnetwork-mask " + subnetworkMask
                    : "--subnetwork-size", b::build);
        }
        return b;
    }

    private record Parsed(SubsetOfWeights subset, SubnetworkSelection subnetwork, HessianStructure hessian,
            CurvatureType curvature, Link link, PredictionType prediction) {}

    private Parsed parseAll() {
        boolean sub = subset.trim().equalsIgnoreCase(SUBNETWORK);
        SubsetOfWeights s = sub ? SubsetOfWeights.ALL : parse("--subset", () -> SubsetOfWeights.parse(subset), subset,
                "last-layer, all or subnetwork");
        SubnetworkSelection selection = sub ? subnetwork() : null;
        if (!sub && (subnetworkSize != null || subnetworkMask != null)) {
            throw new CliException((subnetworkSize != null ? "--subnetwork-size" : "--subnetwork-mask")
                    + " needs --subset subnetwork, found --subset " + subset);
        }
        HessianStructure h = hessian == null ? null : parse("--hessian", () -> HessianStructure.parse(hessian));
        if (sub && h != null && h != HessianStructure.FULL) {
            throw new CliException("--hessian must be full for --subset subnetwork, found '" + hessian + "'");
        }
        CurvatureType c = parse("--curvature", () -> CurvatureType.parse(curvature));
        Link l = parse("--link", () -> Link.parse(link));
        PredictionType p = parse("--pred", () -> PredictionType.parse(pred));
        String optimize = priorOptimizeName();
        if (optimize != null && !optimize.equals("marglik") && !optimize.equals("marglik-layerwise")
                && !optimize.equals("gridsearch")) {
            throw new CliException("--prior-optimize must be marglik, marglik-layerwise or gridsearch, found '"
                    + priorOptimize + "'");
        }
        grid();
        if (fisherSamples < 1) {
            throw new CliException("--fisher-samples must be >= 1, found " + fisherSamples);
        }
        if (sigmaNoise != null && !(sigmaNoise > 0 && Double.isFinite(sigmaNoise))) {
            throw new CliException("--sigma-noise must be > 0, found " + sigmaNoise);
        }
        return new Parsed(s, selection, h, c, l, p);
    }

    private String priorOptimizeName() {
        return priorOptimize == null ? null : priorOptimize.trim().toLowerCase(Locale.ROOT);
    }

    private SubnetworkSelection subnetwork() {
        if ((subnetworkSize == null) == (subnetworkMask == null)) {
            throw new CliException("--subset subnetwork needs exactly one of --subnetwork-size S and"
                    + " --subnetwork-mask FILE");
        }
        if (subnetworkSize != null) {
            return parse("--subnetwork-size", () -> SubnetworkSelection.largestVariance(subnetworkSize));
        }
        return SubnetworkSelection.of(SubnetworkMaskFile.read(subnetworkMask));
    }

    private PriorPrecision prior(Dataset validation) {
        switch (priorOptimizeName()) {
            case "marglik":
                return PriorPrecision.marginalLikelihood();
            case "marglik-layerwise":
                return PriorPrecision.marginalLikelihoodPerLayer();
            default:
                if (validation == null) {
                    throw new CliException("--prior-optimize gridsearch needs a validation split: add"
                            + " --validation-fraction F");
                }
                double[] g = grid();
                return parse("--prior-grid", () -> PriorPrecision.gridSearch(validation, g[0], g[1], (int) g[2]));
        }
    }

    /** LOW, HIGH and N of {@code --prior-grid}. */
    private double[] grid() {
        String[] parts = priorGrid.split(",");
        String bad = "--prior-grid must be LOW,HIGH,N with 0 < LOW < HIGH and an integer N >= 2, found '" + priorGrid
                + "'";
        if (parts.length != 3) {
            throw new CliException(bad);
        }
        try {
            double lo = Double.parseDouble(parts[0].trim());
            double hi = Double.parseDouble(parts[1].trim());
            int n = Integer.parseInt(parts[2].trim());
            if (!(lo > 0) || !(hi > lo) || !Double.isFinite(hi) || n < 2) {
                throw new CliException(bad);
            }
            return new double[] {lo, hi, n};
        } catch (NumberFormatException e) {
            throw new CliException(bad);
        }
    }

    private static <T> T parse(String option, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(option + ": " + e.getMessage());
        }
    }

    private static <T> T parse(String option, Supplier<T> parser, String value, String allowed) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(option + " must be " + allowed + ", found '" + value + "'");
        }
    }
}
