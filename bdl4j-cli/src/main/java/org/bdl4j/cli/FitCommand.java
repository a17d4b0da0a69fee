package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bdl4j.Posterior;
import org.bdl4j.data.Task;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.method.Posteriors;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j fit}: fits one method's posterior and saves it as a model directory. The method and
 * its options come from the method registry ({@link DescriptorOptions}); nothing here knows a method.
 */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = DescriptorOptions.class,
        description = "Fit a posterior on a data set and save it to a model directory.")
final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingSource source;

    @Option(names = "--method", defaultValue = "map", paramLabel = "NAME",
            description = "The method, one of the list below (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "The model directory to write.")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--from", paramLabel = "MODEL",
            description = "Start a post-hoc method from this saved map model instead of training one (its network"
                    + " and standardisation are used; the training options are ignored).")
    Path from;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        PosteriorMethod m = Methods.get(method);
        OptionValues given = DescriptorOptions.given(spec);
        DescriptorOptions.checkApplicable(given, List.of(m));
        double fraction = given.get(RequestOptions.VALIDATION_FRACTION);
        long seed = given.get(RequestOptions.SEED);
        MapPosterior base = from == null ? null : loadBase(m);
        try {
            TrainingData td = base == null ? source.load(fraction, seed)
                    : TrainingData.forModel(source.data, base.schema(), fraction, seed);
            FitRequest.Builder b = FitRequest.fromOptions(td.train(), td.validation(), given);
            if (base != null) {
                b.base(base).likelihood(base.likelihood());
            }
            if (!quiet) {
                b.progress(new TrainingProgress("fit " + m.name(), System.err));
            }
            return fitAndSave(m, b.build(), td);
        } finally {
            if (base != null) {
                base.close();
            }
        }
    }

    /** The {@code --from} model: a map model, for a method that starts from one. */
    private MapPosterior loadBase(PosteriorMethod m) {
        if (!m.startsFromMap()) {
            throw new CliException("--from applies to the methods that start from a map model ("
                    + String.join(", ", Methods.all().stream().filter(PosteriorMethod::startsFromMap)
                            .map(PosteriorMethod::name).toList()) + "), found --method " + m.name());
        }
        Posterior loaded = Posteriors.load(from);
        if (loaded instanceof MapPosterior map) {
            return map;
        }
        String found = loaded.method();
        loaded.close();
        throw new CliException("--from " + from + ": " + m.name() + " starts from a map model, found a " + found
                + " model");
    }

    private int fitAndSave(PosteriorMethod m, FitRequest request, TrainingData td) throws java.io.IOException {
        PrintWriter o = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        try (Posterior post = Methods.fit(m, request)) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            post.save(out);
            o.printf(Locale.ROOT, "fitted %s on %s: %d rows, %s, task %s; %.1f s; saved to %s%n", post.method(),
                    td.source(), td.train().rows(), post.schema().task() == Task.CLASSIFICATION
                            ? post.schema().numClasses() + " classes" : "target '" + post.schema().targetName() + "'",
                    td.task().describe(), seconds, out);
        }
        return 0;
    }
}
