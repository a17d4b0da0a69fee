package org.bdl4j.cli;

import java.util.function.Supplier;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.laplace.HessianStructure;
import org.bdl4j.laplace.Laplace;
import org.bdl4j.laplace.Link;
import org.bdl4j.laplace.PredictionType;
import org.bdl4j.laplace.PriorPrecision;
import org.bdl4j.laplace.SubsetOfWeights;
import org.bdl4j.train.MapPosterior;
import picocli.CommandLine.Option;

/**
 * The options of {@code --method laplace} (DESIGN.md). The prior precision of the Laplace posterior
 * is the one the MAP was trained with ({@code --prior-precision}, default 1) unless
 * {@code --prior-optimize marglik} chooses it by the marginal likelihood.
 */
final class LaplaceOptions {
    @Option(names = "--subset", defaultValue = "last-layer", paramLabel = "last-layer|all",
            description = "Laplace: which weights are Bayesian (default: ${DEFAULT-VALUE}).")
    String subset = "last-layer";

    @Option(names = "--hessian", defaultValue = "kron", paramLabel = "full|kron|diag",
            description = "Laplace: curvature structure (default: ${DEFAULT-VALUE}).")
    String hessian = "kron";

    @Option(names = "--curvature", defaultValue = "ggn", paramLabel = "ggn|ef",
            description = "Laplace: generalised Gauss-Newton or empirical Fisher (default: ${DEFAULT-VALUE}).")
    String curvature = "ggn";

    @Option(names = "--prior-optimize", paramLabel = "marglik",
            description = "Laplace: choose the prior precision by the log marginal likelihood.")
    String priorOptimize;

    @Option(names = "--link", defaultValue = "probit", paramLabel = "probit|mc|bridge",
            description = "Laplace: link approximation of the GLM predictive (default: ${DEFAULT-VALUE}).")
    String link = "probit";

    @Option(names = "--pred", defaultValue = "glm", paramLabel = "glm|nn",
            description = "Laplace: linearised (glm) or sampled-network (nn) predictive (default: ${DEFAULT-VALUE}).")
    String pred = "glm";

    @Option(names = "--sigma-noise", paramLabel = "X",
            description = "Laplace, regression: observation noise in target units (default: the MAP's fitted noise).")
    Double sigmaNoise;

    /** Checks every value, naming the option; cheap, so commands call it before training anything. */
    void validate() {
        builder(null);
    }

    /** The Laplace of {@code map} with these options ({@code map} may be null to only validate). */
    Laplace.Builder builder(MapPosterior map) {
        SubsetOfWeights s = parse("--subset", () -> SubsetOfWeights.parse(subset));
        HessianStructure h = parse("--hessian", () -> HessianStructure.parse(hessian));
        CurvatureType c = parse("--curvature", () -> CurvatureType.parse(curvature));
        Link l = parse("--link", () -> Link.parse(link));
        PredictionType p = parse("--pred", () -> PredictionType.parse(pred));
        if (priorOptimize != null && !priorOptimize.equalsIgnoreCase("marglik")) {
            throw new CliException("--prior-optimize must be 'marglik', found '" + priorOptimize + "'");
        }
        if (sigmaNoise != null && !(sigmaNoise > 0 && Double.isFinite(sigmaNoise))) {
            throw new CliException("--sigma-noise must be > 0, found " + sigmaNoise);
        }
        if (map == null) {
            return null;
        }
        Laplace.Builder b = Laplace.builder(map).subset(s).hessian(h).curvature(c).link(l).prediction(p);
        if (priorOptimize != null) {
            b.priorPrecision(PriorPrecision.marginalLikelihood());
        }
        if (sigmaNoise != null) {
            b.optSigmaNoise(sigmaNoise);
        }
        return b;
    }

    private static <T> T parse(String option, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(option + ": " + e.getMessage());
        }
    }
}
