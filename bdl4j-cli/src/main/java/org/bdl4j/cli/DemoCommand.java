package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.options.OptionValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j demo}: every available method on built-in data (two moons for classification, the
 * regression gap for in-between uncertainty, the heteroscedastic set for aleatoric noise), the
 * comparison table on stdout and an HTML report with plots.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run every available method on built-in data: a table on stdout and an HTML report.")
final class DemoCommand implements Callable<Integer> {
    /**
     * The demo's network, as options: two hidden tanh layers of 50 with dropout 0.1 (so that MC dropout
     * and the other methods share one network), batch 32 and lr 0.01; everything else is the library's
     * default, chosen from the data as for {@code fit} and {@code compare} (the validation split, the
     * training budget, Laplace's prior precision, ...).
     */
    private static final Map<String, String> OPTIONS = Map.of("hidden", "50,50", "activation", "tanh", "dropout",
            "0.1", "batch-size", "32", "lr", "0.01");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "bdl4j-report", paramLabel = "DIR", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Training epochs per network (default: until the training objective levels off).")
    Integer epochs;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Map<String, String> given = new java.util.LinkedHashMap<>(OPTIONS);
        given.put("seed", Long.toString(seed));
        if (epochs != null) {
            given.put("epochs", epochs.toString());
        }
        OptionValues options = Methods.parseOptions(given, Methods.all());
        List<Report.Section> sections = new ArrayList<>();
        sections.add(section("toy:two-moons", ToyData.twoMoons(400, 0.1, seed), ToyData.twoMoons(1000, 0.1, seed + 1),
                Likelihood.CATEGORICAL, options, o));
        sections.add(section("toy:regression-gap", ToyData.regressionGap(200, seed),
                ToyData.regressionGap(500, seed + 1), Likelihood.GAUSSIAN, options, o));
        sections.add(section("toy:heteroscedastic", ToyData.heteroscedastic(400, seed),
                ToyData.heteroscedastic(1000, seed + 1), Likelihood.HETEROSCEDASTIC_GAUSSIAN, options, o));
        Report.write(out, sections);
        o.println("report: " + out.resolve("index.html"));
        o.flush();
        return 0;
    }

    private Report.Section section(String title, Dataset train, Dataset test, Likelihood likelihood,
            OptionValues options, PrintWriter o) {
        FitRequest request = FitRequest.fromOptions(train, null, options).likelihood(likelihood).build();
        List<Comparison.Row> rows = Comparison.run(Methods.supporting(likelihood), request, test, null,
                Report.gridFor(train), 0.9);
        o.printf(Locale.ROOT, "%s (%s, %s, %d test rows)%n", title, likelihood.cliName(),
                TrainingData.describeRows(request), test.rows());
        o.print(Comparison.table(rows));
        o.println();
        return new Report.Section(title, train, test, Report.gridFor(train), rows);
    }
}
