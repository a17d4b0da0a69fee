package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.Likelihood;
import org.bdl4j.ModelSchema;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.data.TargetMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bdl4j compare}: several methods on one split, as a table, JSON, and optionally an HTML report. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit several methods on the same data and compare them on the same test rows.")
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingSource source;

    @Option(names = "--test", paramLabel = "SRC", description = "Test data; default: a --test-fraction split of --data.")
    String test;

    @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F", description = "Held-out test fraction without --test (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--methods", paramLabel = "a,b,...", description = "Methods to compare (default: all available).")
    String methods;

    @Option(names = "--ood", paramLabel = "SRC", description = "Out-of-distribution rows for ood_auroc (classification).")
    String ood;

    @Option(names = "--report", paramLabel = "DIR", description = "Write an HTML report with plots here.")
    Path report;

    @Option(names = "--json", description = "Print a JSON list, one object per method.")
    boolean json;

    @Option(names = "--level", defaultValue = "0.9", paramLabel = "L", description = "Regression interval level (default: ${DEFAULT-VALUE}).")
    double level;

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
        Levels.check(level);
        List<String> names = new ArrayList<>();
        if (methods != null) {
            for (String m : methods.split(",")) {
                String n = m.trim().toLowerCase(Locale.ROOT);
                Methods.get(n);
                names.add(n);
            }
        }
        TrainingData td = source.load(0, fit.seed);
        Dataset train = td.train();
        Dataset testRows;
        if (test != null) {
            testRows = Tables.forModel(test, ModelSchema.of(train, false), TargetMode.REQUIRED, fit.seed);
        } else {
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new CliException("--test-fraction must be in (0, 1), found " + testFraction);
            }
            Splits.TrainValidation s = Splits.trainValidation(train.rows(), testFraction, fit.seed);
            testRows = s.validation(train);
            train = s.train(train);
        }
        Dataset validation = null;
        if (fit.validationFraction > 0) {
            Splits.TrainValidation s = Splits.trainValidation(train.rows(), fit.validationFraction, fit.seed + 1);
            validation = s.validation(train);
            train = s.train(train);
        }
        Dataset oodRows = ood == null ? null : Tables.forModel(ood, ModelSchema.of(train, false), TargetMode.IGNORED, fit.seed);
        Likelihood likelihood = fit.likelihood(train.task());
        if (methods == null) {
            names.addAll(Methods.namesFor(likelihood));
        }
        for (String n : names) {
            if (!Methods.supports(n, likelihood)) {
                throw new CliException("--methods: '" + n + "' does not support the " + likelihood.cliName()
                        + " likelihood");
            }
        }
        FitRequest request = new FitRequest(train, validation, likelihood,
                fit.network(train.featureShape()), fit.standardize(),
                fit.trainer(null, methodOptions.adversarial ? methodOptions.adversarialEpsilon : 0), methodOptions, laplace,
                fit.seed);
        Dataset grid = Report.gridFor(train);
        List<Comparison.Row> rows = Comparison.run(names, request, testRows, oodRows, grid, level);
        PrintWriter o = spec.commandLine().getOut();
        List<Map<String, Object>> maps = rows.stream().map(Comparison.Row::asMap).toList();
        if (json) {
            o.println(Json.GSON.toJson(maps));
        } else {
            o.print(Tables.format(maps));
        }
        o.flush();
        if (report != null) {
            Report.write(report, List.of(new Report.Section(td.source(), train, testRows, grid, rows)));
            if (!json) {
                o.println("report: " + report.resolve("index.html"));
            }
        }
        return 0;
    }
}
