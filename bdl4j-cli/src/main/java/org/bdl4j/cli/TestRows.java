package org.bdl4j.cli;

import org.bdl4j.ModelSchema;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.data.TargetMode;
import picocli.CommandLine.Option;

/**
 * The options that set the test rows of a command that fits on --data ({@code compare},
 * {@code active-learn}): {@code --test SRC}, or a seeded {@code --test-fraction} of the data's rows.
 */
final class TestRows {
    @Option(names = "--test", paramLabel = "SRC", description = "Test data; default: a --test-fraction split of --data.")
    String test;

    @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F", description = "Held-out test fraction without --test (default: ${DEFAULT-VALUE}).")
    double testFraction;

    /** The rows of {@code data} that are not test rows (all of them with --test), and the test rows. */
    record Split(int[] rest, Dataset test) {}

    Split split(Dataset data, long seed) {
        if (test != null) {
            return new Split(Splits.identity(data.rows()),
                    Tables.forModel(test, ModelSchema.of(data, false), TargetMode.REQUIRED, seed));
        }
        Splits.TEST_FRACTION.check(testFraction);
        Splits.TrainValidation s = Splits.trainValidation(data.rows(), testFraction, seed);
        return new Split(s.train(), s.validation(data));
    }
}
