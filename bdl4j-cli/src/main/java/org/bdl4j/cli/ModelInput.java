package org.bdl4j.cli;

import java.nio.file.Path;
import org.bdl4j.RegressionPredictive;
import picocli.CommandLine.Option;

/** The options of commands that apply a saved model to data: {@code predict}, {@code evaluate}. */
final class ModelInput {
    @Option(names = "--model", paramLabel = "MODEL", description = "A model directory written by fit (required).")
    Path model;

    @Option(names = "--data", paramLabel = "SRC", description = "The rows (CSV, fashion-mnist[:DIR], toy:NAME[:N];"
            + " required).")
    String data;

    @Option(names = "--level", defaultValue = "0.9", paramLabel = "L", description = "Regression interval level (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of toy test data and sampling methods (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Checks the level, and that {@code --model} and {@code --data} are given. */
    void validate() {
        validate(null);
    }

    /**
     * As {@link #validate()}, for a command that can also run without a model ({@code alternative}
     * says how, for the message; null when it cannot).
     */
    void validate(String alternative) {
        RegressionPredictive.LEVEL.check(level);
        if (model == null || data == null) {
            throw new CliException("missing " + (model == null ? "--model MODEL" : "--data SRC")
                    + (alternative == null ? "" : " (or " + alternative + ")"));
        }
    }

    /** Whether {@code --model} or {@code --data} was given. */
    boolean given() {
        return model != null || data != null;
    }
}
