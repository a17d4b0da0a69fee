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
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapTrainer;
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
     * The demo's method options, by name: Laplace over all weights with KFAC and the prior precision by
     * the marginal likelihood (Immer et al. 2021).
     */
    private static final Map<String, String> OPTIONS = Map.of("subset", "all", "prior-optimize", "marglik");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "bdl4j-report", paramLabel = "DIR", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", defaultValue = "200", paramLabel = "N", description = "Training epochs per network (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        MapTrainer trainer = MapTrainer.builder().optEpochs(epochs).optBatchSize(32).optLearningRate(0.01)
                .optPriorPrecision(1.0).optSeed(seed).build();
        OptionValues options = Methods.parseOptions(OPTIONS, Methods.all());
        List<Report.Section> sections = new ArrayList<>();
        sections.add(section("toy:two-moons", ToyData.twoMoons(400, 0.1, seed), ToyData.twoMoons(1000, 0.1, seed + 1),
                Likelihood.CATEGORICAL, trainer, options, o));
        sections.add(section("toy:regression-gap", ToyData.regressionGap(200, seed),
                ToyData.regressionGap(500, seed + 1), Likelihood.GAUSSIAN, trainer, options, o));
        sections.add(section("toy:heteroscedastic", ToyData.heteroscedastic(400, seed),
                ToyData.heteroscedastic(1000, seed + 1), Likelihood.HETEROSCEDASTIC_GAUSSIAN, trainer, options, o));
        Report.write(out, sections);
        o.println("report: " + out.resolve("index.html"));
        o.flush();
        return 0;
    }

    private Report.Section section(String title, Dataset train, Dataset test, Likelihood likelihood,
            MapTrainer trainer, OptionValues options, PrintWriter o) {
        NetworkSpec net = NetworkSpec.mlp(train.featureShape(), new int[] {50, 50}, Activation.TANH, 0.1f, 1);
        FitRequest request = FitRequest.builder(train).likelihood(likelihood).network(net).trainer(trainer)
                .standardize(true).seed(seed).options(options).build();
        List<Comparison.Row> rows = Comparison.run(Methods.supporting(likelihood), request, test, null,
                Report.gridFor(train), 0.9);
        o.printf(Locale.ROOT, "%s (%s, %d training rows, %d test rows)%n", title, likelihood.cliName(), train.rows(),
                test.rows());
        o.print(Comparison.table(rows));
        o.println();
        return new Report.Section(title, train, test, Report.gridFor(train), rows);
    }
}
