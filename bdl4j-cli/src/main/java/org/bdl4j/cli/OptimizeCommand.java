package org.bdl4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bdl4j.bo.BayesianOptimizer;
import org.bdl4j.bo.BoAcquisition;
import org.bdl4j.bo.Box;
import org.bdl4j.bo.CommandObjective;
import org.bdl4j.bo.Objective;
import org.bdl4j.bo.ObjectiveException;
import org.bdl4j.bo.TestFunction;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.options.OptionValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j optimize}: Bayesian optimisation ({@link BayesianOptimizer}) of a test function or of an
 * external command, with any regression method of the registry as the surrogate (its options as for
 * {@code fit}); prints the best-so-far curve and the best point.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = DescriptorOptions.class,
        description = "Minimise an expensive function by Bayesian optimisation with a neural surrogate.")
final class OptimizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--objective", required = true, paramLabel = "branin|hartmann6|CMD", description = "A test function, or a shell command that reads {\"x\": [...]} on stdin and prints y.")
    String objective;

    @Option(names = "--bounds", paramLabel = "lo:hi,...", description = "The box, one lo:hi per dimension (a test function's own box by default; required for a command).")
    String bounds;

    @Option(names = "--method", defaultValue = "ensemble", paramLabel = "NAME", description = "The surrogate, a regression method (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--budget", defaultValue = "60", paramLabel = "N", description = "Evaluations in all (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--initial", paramLabel = "N", description = "Latin-hypercube start points (default: 2d + 2, at least 5).")
    Integer initial;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "Q", description = "Points per surrogate fit (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--acquisition", defaultValue = "ei", paramLabel = "ei|ucb|thompson", description = "Acquisition (default: ${DEFAULT-VALUE}; thompson needs --method ensemble).")
    String acquisition;

    @Option(names = "--kappa", defaultValue = "2", paramLabel = "K", description = "The confidence bound's kappa (default: ${DEFAULT-VALUE}).")
    double kappa;

    @Option(names = "--log", paramLabel = "FILE.csv", description = "Append every evaluation here and resume from it when it exists.")
    Path log;

    @Option(names = "--json", description = "Print one JSON object: best, x_best, curve.")
    boolean json;

    @Option(names = "--quiet", description = "No line per evaluation.")
    boolean quiet;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        if (budget < 1) {
            throw new CliException("--budget must be >= 1, found " + budget);
        }
        if (batch < 1) {
            throw new CliException("--batch must be >= 1, found " + batch);
        }
        if (initial != null && initial < 2) {
            throw new CliException("--initial must be >= 2, found " + initial);
        }
        PosteriorMethod m = Methods.get(method);
        OptionValues given = DescriptorOptions.given(spec);
        DescriptorOptions.checkApplicable(given, List.of(m));
        long seed = given.get(RequestOptions.SEED);
        TestFunction test = TestFunction.named(objective.trim());
        Box box;
        try {
            box = bounds != null ? Box.parse(bounds) : test != null ? test.box() : null;
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage().startsWith("bounds: ") ? "--" + e.getMessage()
                    : "--bounds: " + e.getMessage());
        }
        if (box == null) {
            throw new CliException("--bounds is needed for an objective command (lo:hi for each dimension)");
        }
        Objective f = test != null ? test::evaluate : new CommandObjective(objective);
        BoAcquisition a = BoAcquisition.parse(acquisition);
        BayesianOptimizer.Settings settings;
        try {
            BayesianOptimizer.Settings d = BayesianOptimizer.Settings.defaults(budget, box.dimension(), seed);
            settings = new BayesianOptimizer.Settings(budget, initial == null ? d.initial() : initial, batch, a, kappa,
                    d.candidates(), seed);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        int[] count = {0};
        BayesianOptimizer.Result r;
        try {
            OptionValues surrogate = BayesianOptimizer.surrogateOptions(given);
            r = BayesianOptimizer.run(f, box, m, rows -> FitRequest.fromOptions(rows, null, surrogate).build(), settings,
                    log, quiet ? null : e -> {
                        count[0]++;
                        err.printf(Locale.ROOT, "evaluation %d: y = %.6g at %s%n", count[0], e.y(), Arrays.toString(e.x()));
                        err.flush();
                    });
        } catch (ObjectiveException | IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        PrintWriter o = spec.commandLine().getOut();
        BayesianOptimizer.Evaluation best = r.best();
        if (json) {
            JsonObject j = new JsonObject();
            j.addProperty("best", best.y());
            JsonArray x = new JsonArray();
            Arrays.stream(best.x()).forEach(x::add);
            j.add("x_best", x);
            JsonArray curve = new JsonArray();
            Arrays.stream(r.bestSoFar()).forEach(curve::add);
            j.add("curve", curve);
            if (test != null) {
                j.addProperty("regret", best.y() - test.minimum());
            }
            o.println(Json.GSON.toJson(j));
        } else {
            o.printf(Locale.ROOT, "best %.6g at %s after %d evaluations (%s surrogate, %s)%s%n", best.y(),
                    Arrays.toString(best.x()), r.evaluations().size(), m.name(), settings.acquisition().cliName(),
                    test == null ? "" : String.format(Locale.ROOT, "; regret %.3g", best.y() - test.minimum()));
            o.println("best so far: " + String.join(" ", Arrays.stream(r.bestSoFar())
                    .mapToObj(v -> String.format(Locale.ROOT, "%.4g", v)).toList()));
        }
        o.flush();
        return 0;
    }
}
