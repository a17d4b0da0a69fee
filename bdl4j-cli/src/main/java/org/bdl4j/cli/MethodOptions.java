package org.bdl4j.cli;

import java.util.function.Supplier;
import org.bdl4j.ensemble.EnsembleOptions;
import org.bdl4j.ensemble.EnsembleTraining;
import org.bdl4j.vi.Estimator;
import picocli.CommandLine.Option;

/** Options that only some methods read; each names the methods it applies to. */
final class MethodOptions {
    @Option(names = "--samples", defaultValue = "100", paramLabel = "S",
            description = "Monte Carlo samples at prediction (mc-dropout, vi, swag, sgld, hmc, laplace --link mc|--pred nn) (default: ${DEFAULT-VALUE}).")
    int samples = 100;

    @Option(names = "--members", defaultValue = "5", paramLabel = "M", description = "Ensemble members (ensemble) (default: ${DEFAULT-VALUE}).")
    int members = 5;

    @Option(names = "--ensemble-training", defaultValue = "auto", paramLabel = "auto|sequential|vectorized",
            description = "Ensemble: train members one by one or all at once in stacked weights (MLPs) (default: ${DEFAULT-VALUE}).")
    String ensembleTraining = "auto";

    @Option(names = "--adversarial", description = "Ensemble: adversarial training (fast gradient sign, Lakshminarayanan et al. 2017).")
    boolean adversarial;

    @Option(names = "--adversarial-epsilon", defaultValue = "0.01", paramLabel = "E",
            description = "Ensemble: the fast-gradient-sign step on the network's (standardised) inputs (default: ${DEFAULT-VALUE}).")
    double adversarialEpsilon = 0.01;

    @Option(names = "--estimator", defaultValue = "local", paramLabel = "reparam|local|flipout",
            description = "VI: gradient estimator (default: ${DEFAULT-VALUE}).")
    String estimator = "local";

    @Option(names = "--prior-sigma", paramLabel = "X", description = "VI: prior standard deviation (default: 1/sqrt(prior precision)).")
    Double priorSigma;

    @Option(names = "--kl-weight", defaultValue = "1", paramLabel = "W", description = "VI: weight of the KL term (default: ${DEFAULT-VALUE}).")
    double klWeight = 1;

    void validate() {
        if (samples <= 0) {
            throw new CliException("--samples must be > 0, found " + samples);
        }
        if (members <= 0) {
            throw new CliException("--members must be > 0, found " + members);
        }
        if (!(adversarialEpsilon > 0 && Double.isFinite(adversarialEpsilon))) {
            throw new CliException("--adversarial-epsilon must be > 0, found " + adversarialEpsilon);
        }
        if (priorSigma != null && !(priorSigma > 0 && Double.isFinite(priorSigma))) {
            throw new CliException("--prior-sigma must be > 0, found " + priorSigma);
        }
        if (!(klWeight >= 0 && Double.isFinite(klWeight))) {
            throw new CliException("--kl-weight must be >= 0, found " + klWeight);
        }
        ensemble();
        estimator();
    }

    EnsembleOptions ensemble() {
        return new EnsembleOptions(members, parse("--ensemble-training", () -> EnsembleTraining.parse(ensembleTraining)));
    }

    Estimator estimator() {
        return parse("--estimator", () -> Estimator.parse(estimator));
    }

    static <T> T parse(String option, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(option + ": " + e.getMessage());
        }
    }
}
