package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.TargetMode;
import org.bdl4j.method.Posteriors;
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

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write here (whole or not at all) instead of stdout.")
    Path out;

    @Mixin
    ModelInput input;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        input.validate();
        double level = input.level;
        try (Posterior post = Posteriors.load(input.model)) {
            Dataset x = Tables.forModel(input.data, post.schema(), TargetMode.IGNORED, input.seed);
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
