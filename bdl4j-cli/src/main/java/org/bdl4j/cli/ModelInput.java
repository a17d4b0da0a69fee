package org.bdl4j.cli;

import java.nio.file.Path;
import org.bdl4j.RegressionPredictive;
import picocli.CommandLine.Option;

/** The options of commands that apply a saved model to data: {@code predict}, {@code evaluate}. */
final class ModelInput {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model directory written by fit.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "SRC", description = "The rows (CSV, fashion-mnist[:DIR], toy:NAME[:N]).")
    String data;

    @Option(names = "--level", defaultValue = "0.9", paramLabel = "L", description = "Regression interval level (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of toy test data and sampling methods (default: ${DEFAULT-VALUE}).")
    long seed;

    void validate() {
        RegressionPredictive.LEVEL.check(level);
    }
}
