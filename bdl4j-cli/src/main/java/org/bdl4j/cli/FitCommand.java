package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bdl4j.Posterior;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bdl4j fit}: trains one method's posterior and saves it as a model directory. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit a posterior on a data set and save it to a model directory.")
final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingSource source;

    @Option(names = "--method", defaultValue = "map", paramLabel = "NAME", description = "The method (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "The model directory to write.")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    FitOptions fit;

    @Mixin
    MethodOptions methodOptions;

    @Mixin
    LaplaceOptions laplace;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        fit.validate();
        methodOptions.validate();
        laplace.validate(fit.validationFraction > 0);
        Methods.Fitter fitter = Methods.get(method.toLowerCase(Locale.ROOT));
        TrainingData td = source.load(fit.validationFraction, fit.seed);
        PrintWriter o = spec.commandLine().getOut();
        String name = method.toLowerCase(Locale.ROOT);
        if (!Methods.supports(name, fit.likelihood(td.train().task()))) {
            throw new CliException("--method " + name + " does not support the "
                    + fit.likelihood(td.train().task()).cliName() + " likelihood");
        }
        FitRequest request = new FitRequest(td.train(), td.validation(), fit.likelihood(td.train().task()),
                fit.network(td.train().featureShape()), fit.standardize(),
                fit.trainer(quiet ? null : new TrainingProgress("fit " + method, System.err),
                        methodOptions.adversarial ? methodOptions.adversarialEpsilon : 0), methodOptions, laplace, fit.seed);
        long t0 = System.nanoTime();
        try (Posterior post = fitter.fit(request)) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            post.save(out);
            o.printf(Locale.ROOT, "fitted %s on %s: %d rows, %s, task %s; %.1f s; saved to %s%n", post.method(), td.source(),
                    td.train().rows(), post.schema().task() == org.bdl4j.Task.CLASSIFICATION
                            ? post.schema().numClasses() + " classes" : "target '" + post.schema().targetName() + "'",
                    td.task().describe(), seconds, out);
        }
        return 0;
    }
}
