package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.io.Posteriors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bdl4j predict}: the predictive of a saved model for every row of a data set, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict with a saved model: one CSV row per input row (a target column, if present, is ignored).")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model directory written by fit.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "SRC", description = "The rows to predict (CSV, fashion-mnist, toy:NAME).")
    String data;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write here (whole or not at all) instead of stdout.")
    Path out;

    @Option(names = "--level", defaultValue = "0.9", paramLabel = "L", description = "Regression interval level (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of toy test data and sampling methods (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (!(level > 0 && level < 1)) {
            throw new CliException("--level must be in (0, 1), found " + level);
        }
        try (Posterior post = Posteriors.load(model)) {
            Dataset x = Tables.forModel(data, post.schema(), TargetMode.IGNORED, seed);
            Predictive p = post.predict(x);
            if (out == null) {
                PrintWriter w = spec.commandLine().getOut();
                PredictionCsv.write(p, level, w);
                w.flush();
            } else {
                AtomicFiles.write(out, w -> PredictionCsv.write(p, level, w));
                System.err.printf(Locale.ROOT, "wrote %d predictions to %s%n", p.size(), out);
            }
        }
        return 0;
    }
}
