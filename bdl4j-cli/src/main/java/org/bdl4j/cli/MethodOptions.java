package org.bdl4j.cli;

import picocli.CommandLine.Option;

/** Options that only some methods read; each names the methods it applies to. */
final class MethodOptions {
    @Option(names = "--samples", defaultValue = "100", paramLabel = "S",
            description = "Monte Carlo samples at prediction (mc-dropout, vi, swag, laplace --link mc) (default: ${DEFAULT-VALUE}).")
    int samples = 100;

    @Option(names = "--members", defaultValue = "5", paramLabel = "M",
            description = "Ensemble members (ensemble) (default: ${DEFAULT-VALUE}).")
    int members = 5;

    void validate() {
        if (samples <= 0) {
            throw new CliException("--samples must be > 0, found " + samples);
        }
        if (members <= 0) {
            throw new CliException("--members must be > 0, found " + members);
        }
    }
}
