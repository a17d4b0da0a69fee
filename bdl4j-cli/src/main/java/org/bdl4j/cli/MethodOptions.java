package org.bdl4j.cli;

import java.util.function.Supplier;
import org.bdl4j.ensemble.EnsembleOptions;
import org.bdl4j.ensemble.EnsembleTraining;
import org.bdl4j.vi.Estimator;
import org.bdl4j.vi.Prior;
import org.bdl4j.vi.ViInit;
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

    @Option(names = "--kl-warmup-epochs", defaultValue = "0", paramLabel = "E",
            description = "VI: epochs over which the KL weight rises linearly from 0 (default: ${DEFAULT-VALUE}).")
    int klWarmupEpochs;

    @Option(names = "--vi-epochs", defaultValue = "50", paramLabel = "N",
            description = "VI: epochs of variational training after the MAP fit (Adam lr 1e-3, batch 128); 0 = q as initialised (default: ${DEFAULT-VALUE}).")
    int viEpochs = 50;

    @Option(names = "--prior", defaultValue = "gaussian", paramLabel = "gaussian|mixture",
            description = "VI: the prior; mixture = pi N(0, sigma1^2) + (1 - pi) N(0, sigma2^2) with a Monte Carlo KL (default: ${DEFAULT-VALUE}).")
    String prior = "gaussian";

    @Option(names = "--prior-sigma1", paramLabel = "X", description = "VI mixture prior: the first component's sigma (default: 1).")
    Double priorSigma1;

    @Option(names = "--prior-sigma2", paramLabel = "X", description = "VI mixture prior: the second component's sigma (default: exp(-6)).")
    Double priorSigma2;

    @Option(names = "--prior-pi", paramLabel = "P", description = "VI mixture prior: the first component's weight (default: 0.5).")
    Double priorPi;

    @Option(names = "--init", defaultValue = "map", paramLabel = "map|moped|random",
            description = "VI: start at the MAP means with sigma 1e-3, at MOPED's sigma = delta |w_MAP|, or at random means (default: ${DEFAULT-VALUE}).")
    String init = "map";

    @Option(names = "--moped-delta", paramLabel = "D", description = "VI --init moped: sigma = D |w_MAP| (default: 0.1).")
    Double mopedDelta;

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
        if (klWarmupEpochs < 0) {
            throw new CliException("--kl-warmup-epochs must be >= 0, found " + klWarmupEpochs);
        }
        if (viEpochs < 0) {
            throw new CliException("--vi-epochs must be >= 0, found " + viEpochs);
        }
        ensemble();
        estimator();
        if (viInit() != ViInit.MOPED && mopedDelta != null) {
            throw new CliException("--moped-delta applies to --init moped, found --init " + init);
        }
        positive("--moped-delta", mopedDelta);
        positive("--prior-sigma1", priorSigma1);
        positive("--prior-sigma2", priorSigma2);
        if (priorPi != null && !(priorPi >= 0 && priorPi <= 1)) {
            throw new CliException("--prior-pi must be in [0, 1], found " + priorPi);
        }
        viPrior();
    }

    private static void positive(String option, Double value) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            throw new CliException(option + " must be > 0, found " + value);
        }
    }

    /**
     * The VI prior of {@code --prior mixture}; null for {@code gaussian}, whose σ is {@code --prior-sigma}
     * (or the MAP's prior precision).
     */
    Prior viPrior() {
        String kind = prior.trim().toLowerCase(java.util.Locale.ROOT);
        if (kind.equals("gaussian")) {
            for (Object[] o : new Object[][] {{"--prior-sigma1", priorSigma1}, {"--prior-sigma2", priorSigma2},
                    {"--prior-pi", priorPi}}) {
                if (o[1] != null) {
                    throw new CliException(o[0] + " applies to --prior mixture, found --prior " + prior);
                }
            }
            return null;
        }
        if (!kind.equals("mixture")) {
            throw new CliException("--prior must be gaussian or mixture, found '" + prior + "'");
        }
        if (priorSigma != null) {
            throw new CliException("--prior-sigma applies to --prior gaussian; the mixture takes --prior-sigma1,"
                    + " --prior-sigma2 and --prior-pi");
        }
        return Prior.scaleMixture(priorPi == null ? 0.5 : priorPi,
                priorSigma1 == null ? 1.0 : priorSigma1, priorSigma2 == null ? Math.exp(-6) : priorSigma2);
    }

    ViInit viInit() {
        return parse("--init", () -> ViInit.parse(init));
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
