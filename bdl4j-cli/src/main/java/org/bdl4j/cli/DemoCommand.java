package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
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

    /** Fewer moons than the usual 400, so that the methods' uncertainty differs where data are thin. */
    static final int MOONS_ROWS = 200;
    static final double LEVEL = 0.9;
    /** Rows drawn for the post-hoc rows (temperature scaling, conformal prediction), apart from the training rows. */
    static final int CALIBRATION_ROWS = 200;

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
        Dataset moons = ToyData.twoMoons(MOONS_ROWS, ToyData.DEFAULT_MOONS_NOISE, seed);
        sections.add(section("toy:two-moons (" + MOONS_ROWS + " rows; OOD: a ring around them)", moons,
                new Comparison.Inputs(ToyData.twoMoons(1000, ToyData.DEFAULT_MOONS_NOISE, seed + 1),
                        farRing(500, seed + 2), PlotGrid.of(moons),
                        ToyData.twoMoons(CALIBRATION_ROWS, ToyData.DEFAULT_MOONS_NOISE, seed + 4)),
                Likelihood.CATEGORICAL, options, o));
        Dataset gap = ToyData.regressionGap(200, seed);
        sections.add(section("toy:regression-gap (test rows inside the gap too)", gap, new Comparison.Inputs(
                withGapRows(ToyData.regressionGap(400, seed + 1), 100, seed + 3), null, PlotGrid.of(gap),
                // drawn like the test rows, a fifth inside the gap: conformal coverage needs exchangeable rows
                withGapRows(ToyData.regressionGap(CALIBRATION_ROWS * 4 / 5, seed + 4), CALIBRATION_ROWS / 5,
                        seed + 5)), Likelihood.GAUSSIAN, options, o));
        Dataset hetero = ToyData.heteroscedastic(400, seed);
        sections.add(section("toy:heteroscedastic", hetero, new Comparison.Inputs(ToyData.heteroscedastic(1000,
                seed + 1), null, PlotGrid.of(hetero), ToyData.heteroscedastic(CALIBRATION_ROWS, seed + 4)),
                Likelihood.HETEROSCEDASTIC_GAUSSIAN, options, o));
        Report.write(out, sections);
        o.println("report: " + out.resolve("index.html"));
        o.flush();
        return 0;
    }

    private Report.Section section(String title, Dataset train, Comparison.Inputs inputs, Likelihood likelihood,
            OptionValues options, PrintWriter o) {
        FitRequest request = FitRequest.fromOptions(train, null, options).likelihood(likelihood).build();
        Comparison.Result result = Comparison.withPostHoc(Methods.supporting(likelihood), request, inputs, LEVEL,
                null, Comparison.Progress.NONE);
        o.printf(Locale.ROOT, "%s (%s, %s, %d test rows)%n", title, likelihood.cliName(),
                TrainingData.describeRows(request), inputs.test().rows());
        o.print(Comparison.table(result));
        o.print(PostHoc.table(result.conformal(), train.task(), LEVEL, inputs.calibration().rows()));
        ReportReading.of(result, LEVEL).forEach(line -> o.println("  " + line));
        o.println();
        return new Report.Section(title, train, inputs.test(), inputs.grid(), result, LEVEL,
                inputs.calibration().rows());
    }

    /**
     * {@code n} points uniformly on the ring of radii 2.5 to 3.5 around the moons' centre (0.5, 0.25):
     * inputs far from every training point, which a posterior should be unsure about.
     */
    static Dataset farRing(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double angle = 2 * Math.PI * rng.nextDouble();
            double radius = 2.5 + rng.nextDouble();
            x[2 * i] = (float) (0.5 + radius * Math.cos(angle));
            x[2 * i + 1] = (float) (0.25 + radius * Math.sin(angle));
        }
        return Dataset.unlabeled(x, n, new int[] {2}, Dataset.defaultFeatureNames(2));
    }

    /**
     * {@code test} with {@code n} more rows whose inputs lie in the gap of {@code toy:regression-gap},
     * drawn from the same function and noise, so that the table measures the in-between predictive too.
     */
    static Dataset withGapRows(Dataset test, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int m = test.rows();
        float[] x = java.util.Arrays.copyOf(test.features(), m + n);
        float[] y = java.util.Arrays.copyOf(test.targets(), m + n);
        ToyData.Interval gap = ToyData.regressionGapInterval();
        for (int i = 0; i < n; i++) {
            double xi = gap.low() + gap.width() * rng.nextDouble();
            x[m + i] = (float) xi;
            y[m + i] = (float) (ToyData.regressionGapMean(xi) + ToyData.REGRESSION_GAP_NOISE_STD * rng.nextGaussian());
        }
        return Dataset.regression(x, m + n, new int[] {1}, test.featureNames(), y, test.targetName());
    }
}
