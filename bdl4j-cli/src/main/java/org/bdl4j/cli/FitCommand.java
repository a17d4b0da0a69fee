package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.io.Posteriors;
import org.bdl4j.laplace.LaplacePosterior;
import org.bdl4j.train.MapPosterior;
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

    @Option(names = "--from", paramLabel = "MODEL",
            description = "Laplace: start from this saved map model instead of training one (its network and "
                    + "standardisation are used; the training options are ignored).")
    Path from;

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
        String name = method.toLowerCase(Locale.ROOT);
        Methods.Fitter fitter = Methods.get(name);
        MapPosterior base = from == null ? null : loadBase(name);
        try {
            TrainingData td = base == null ? source.load(fit.validationFraction, fit.seed)
                    : TrainingData.forModel(source.data, base.schema(), fit.validationFraction, fit.seed);
            Likelihood likelihood = base == null ? fit.likelihood(td.train().task()) : base.likelihood();
            if (!Methods.supports(name, likelihood)) {
                throw new CliException("--method " + name + " does not support the " + likelihood.cliName()
                        + " likelihood");
            }
            FitRequest request = new FitRequest(td.train(), td.validation(), likelihood,
                    fit.network(td.train().featureShape()), fit.standardize(),
                    fit.trainer(quiet ? null : new TrainingProgress("fit " + method, System.err),
                            methodOptions.adversarial ? methodOptions.adversarialEpsilon : 0), methodOptions, laplace,
                    fit.seed, base);
            base = null; // the fitted posterior owns it now
            return fitAndSave(fitter, request, td);
        } finally {
            if (base != null) {
                base.close();
            }
        }
    }

    /** The {@code --from} model: a map model, for the post-hoc laplace method. */
    private MapPosterior loadBase(String name) {
        if (!name.equals(LaplacePosterior.METHOD)) {
            throw new CliException("--from applies to --method laplace (a post-hoc method), found --method " + name);
        }
        Posterior loaded = Posteriors.load(from);
        if (loaded instanceof MapPosterior map) {
            return map;
        }
        String found = loaded.method();
        loaded.close();
        throw new CliException("--from " + from + ": laplace starts from a map model, found a " + found + " model");
    }

    private int fitAndSave(Methods.Fitter fitter, FitRequest request, TrainingData td) throws java.io.IOException {
        PrintWriter o = spec.commandLine().getOut();
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
