package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.ModelSchema;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.data.TargetMode;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.mcmc.Hmc;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import org.bdl4j.options.Rule;
import picocli.CommandLine.Command;
import org.bdl4j.usermodel.UserModel;
import org.bdl4j.usermodel.UserModelFit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bdl4j compare}: several methods on one split, as a table, JSON, and optionally an HTML report. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = DescriptorOptions.class,
        description = "Fit several methods on the same data and compare them on the same test rows.")
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingSource source;

    @Mixin
    TestRows testRowsOptions;

    /** {@code --calibration-fraction}: in [0, 1). */
    static final OptionDescriptor<Double> CALIBRATION_FRACTION = OptionDescriptor.number("calibration-fraction", 0.1)
            .withRule(Rule.interval(0, true, 1, false));

    @Option(names = "--calibration-fraction", defaultValue = "0.1", paramLabel = "F", description = "Share of the"
            + " training rows held out for the post-hoc rows (temperature scaling, conformal prediction); 0 keeps"
            + " them for training (default: ${DEFAULT-VALUE}).")
    double calibrationFraction;

    @Option(names = "--methods", paramLabel = "a,b,...", description = "Methods to compare (default: all that fit the likelihood).")
    String methods;

    @Option(names = "--ood", paramLabel = "SRC", description = "Out-of-distribution rows for ood_auroc (classification).")
    String ood;

    @Option(names = "--report", paramLabel = "DIR", description = "Write an HTML report with plots here.")
    Path report;

    @Option(names = "--save", paramLabel = "DIR", description = "Save each fitted model as DIR/<method>, for"
            + " evaluate and predict.")
    Path save;

    @Option(names = "--force", description = "Replace --save's directory if it exists.")
    boolean force;

    @Option(names = "--quiet", description = "No progress bars (the line per method stays).")
    boolean quiet;

    @Option(names = "--json", description = "Print a JSON list, one object per method.")
    boolean json;

    @Option(names = "--level", defaultValue = "0.9", paramLabel = "L", description = "Regression interval level (default: ${DEFAULT-VALUE}).")
    double level;

    @Mixin
    UserModelSource userModel;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        RegressionPredictive.LEVEL.check(level);
        if (save != null) {
            ModelOutput.checkWritable("--save", save, force);
        }
        OptionValues given = DescriptorOptions.given(spec);
        userModel.checkAlone(spec);
        if (userModel.given()) {
            userModel.checkApplicable(given);
        }
        List<PosteriorMethod> chosen = new ArrayList<>();
        if (methods != null) {
            for (String m : methods.split(",")) {
                chosen.add(Methods.get(m));
            }
        }
        long seed = given.get(RequestOptions.SEED);
        Split split = split(source.load(seed), seed);
        Dataset train = split.training().train();
        Dataset oodRows = ood == null ? null : Tables.forModel(ood, ModelSchema.of(train, false), TargetMode.IGNORED,
                seed);
        FitRequest request = FitRequest.fromOptions(train, null, given, !userModel.given()).build();
        spec.commandLine().getErr().println("bdl4j: training on " + TrainingData.describeRows(request)
                + (split.calibration() == null ? "" : ", " + split.calibration().rows() + " rows held out for the"
                        + " post-hoc rows (--calibration-fraction 0 keeps them)")
                + ", testing on " + split.test().rows() + " rows");
        spec.commandLine().getErr().flush();
        try (UserModel model = userModel.given() ? userModel.load() : null;
                UserModelFit.Prepared prepared = model == null ? null : UserModelFit.prepare(model, request)) {
            return compare(given, chosen, split, request, oodRows, prepared);
        }
    }

    private int compare(OptionValues given, List<PosteriorMethod> chosen, Split split, FitRequest request,
            Dataset oodRows, UserModelFit.Prepared prepared) throws java.io.IOException {
        TrainingData td = split.training();
        Dataset testRows = split.test();
        Dataset calibration = split.calibration();
        Dataset train = td.train();
        if (methods == null) {
            chosen.addAll(defaultMethods(prepared == null ? request : prepared.headRequest(), prepared != null));
        }
        DescriptorOptions.checkApplicable(given, chosen);
        Dataset grid = PlotGrid.of(train);
        Comparison.Inputs inputs = new Comparison.Inputs(testRows, oodRows, grid, calibration);
        PrintWriter o = spec.commandLine().getOut();
        CompareProgress progress = new CompareProgress(spec.commandLine().getErr(),
                chosen.stream().map(PosteriorMethod::name).toList(), !quiet);
        String title = td.source();
        if (report != null) {
            Report.prepare();
        }
        Thread onInterrupt = new Thread(() -> partialOnInterrupt(progress, o, title, train, testRows, grid));
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        Comparison.Result result;
        try {
            result = Comparison.withPostHoc(chosen, request, prepared, inputs, level, save, progress);
        } finally {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        }
        if (json) {
            List<Map<String, Object>> maps = new ArrayList<>(result.rows().stream().map(Comparison.Row::asMap).toList());
            result.conformal().forEach(r -> maps.add(r.asMap(train.task())));
            o.println(Json.GSON.toJson(maps));
        } else {
            o.print(Comparison.table(result));
            o.print(PostHoc.table(result.conformal(), train.task(), level, calibration == null ? 0 : calibration.rows()));
        }
        o.flush();
        if (report != null) {
            Report.write(report, List.of(new Report.Section(td.source(), train, testRows, grid, result, level,
                    calibration == null ? 0 : calibration.rows())));
            if (!json) {
                o.println("report: " + report.resolve("index.html"));
            }
        }
        if (!result.missing().isEmpty()) {
            throw new CliException(result.missing().size() + " of " + chosen.size() + " methods did not finish: "
                    + String.join(", ", result.missing().keySet()) + " (the table says why)");
        }
        return 0;
    }

    /** The rows of a comparison: training, test and (may be null) calibration rows for the post-hoc rows. */
    private record Split(TrainingData training, Dataset test, Dataset calibration) {}

    /**
     * The test rows ({@code --test}, or a {@code --test-fraction} of the data) and, from the rest, the
     * {@code --calibration-fraction} held out for the post-hoc rows when that makes at least
     * {@link PostHoc#MIN_CALIBRATION_ROWS} rows (else none, said on stderr).
     */
    private Split split(TrainingData td, long seed) {
        TestRows.Split held = testRowsOptions.split(td.train(), seed);
        Dataset testRows = held.test();
        if (testRowsOptions.test == null) {
            td = new TrainingData(td.train().subset(held.rest()), td.task(), td.source());
        }
        CALIBRATION_FRACTION.check(calibrationFraction);
        if (calibrationFraction == 0) {
            return new Split(td, testRows, null);
        }
        Splits.TrainValidation s = Splits.trainValidation(td.train().rows(), calibrationFraction, seed + 7);
        if (s.validation().length < PostHoc.MIN_CALIBRATION_ROWS) {
            spec.commandLine().getErr().println("bdl4j: no post-hoc rows: --calibration-fraction " + calibrationFraction
                    + " holds out " + s.validation().length + " rows, fewer than " + PostHoc.MIN_CALIBRATION_ROWS);
            return new Split(td, testRows, null);
        }
        return new Split(new TrainingData(s.train(td.train()), td.task(), td.source()), testRows,
                s.validation(td.train()));
    }

    /**
     * On an interrupted run (Ctrl-C; the JVM's shutdown hook), the table of the methods finished so
     * far on stdout and, with --report, a report of them that names the methods missing.
     */
    private void partialOnInterrupt(CompareProgress progress, PrintWriter o, String title, Dataset train,
            Dataset testRows, Dataset grid) {
        Comparison.Result partial = progress.partial("not run: the comparison was interrupted");
        o.print(Comparison.table(partial));
        o.flush();
        if (report != null) {
            try {
                Report.write(report, List.of(new Report.Section(title + " (interrupted)",
                        train, testRows, grid, partial, level, 0)));
                o.println("report (partial): " + report.resolve("index.html"));
                o.flush();
            } catch (java.io.IOException | RuntimeException e) {
                spec.commandLine().getErr().println("bdl4j: the partial report could not be written: " + e.getMessage());
            }
        }
    }

    /** Why HMC is left out of the default methods for this network and data, or empty if it is not. */
    static java.util.Optional<String> hmcLeftOut(int weights, int rows) {
        if (weights <= HMC_MAX_WEIGHTS && (double) weights * rows <= HMC_MAX_WORK) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "hmc left out: %,d weights x %,d rows is"
                + " beyond full-batch HMC's reach here (at most %,d weights and %.0e weights x rows); name it in"
                + " --methods to run it anyway", weights, rows, HMC_MAX_WEIGHTS, HMC_MAX_WORK));
    }

    /** HMC joins the default methods up to this many weights ... */
    static final int HMC_MAX_WEIGHTS = 20_000;
    /** ... and this many weights x training rows (its full-batch gradients cost that per leapfrog step). */
    static final double HMC_MAX_WORK = 1e8;

    /**
     * Every method that supports the likelihood, except HMC for networks beyond {@link #HMC_MAX_WEIGHTS}
     * weights or {@link #HMC_MAX_WORK} weights x rows: full-batch HMC is the reference for small
     * networks, and beyond that a comparison would wait hours for it (it says so on stderr; naming it in
     * --methods runs it anyway).
     */
    /**
     * Every method of the likelihood (on a user model, those that fit its last layer), without HMC
     * where {@link #hmcLeftOut} says so.
     */
    private List<PosteriorMethod> defaultMethods(FitRequest request, boolean lastLayerOnly) {
        List<PosteriorMethod> all = new ArrayList<>(Methods.supporting(request.likelihood()));
        if (lastLayerOnly) {
            List<String> usable = UserModelFit.lastLayerMethods(request.likelihood());
            all.removeIf(m -> !usable.contains(m.name()));
        }
        if (all.stream().noneMatch(m -> m.name().equals(Hmc.METHOD))) {
            return all;
        }
        int weights;
        try (Network net = Network.create(request.network(), DropoutMode.STANDARD, 0)) {
            weights = net.parameterCount();
        }
        hmcLeftOut(weights, request.train().rows()).ifPresent(reason -> {
            all.removeIf(m -> m.name().equals(Hmc.METHOD));
            spec.commandLine().getErr().println("bdl4j: " + reason);
        });
        return all;
    }
}
