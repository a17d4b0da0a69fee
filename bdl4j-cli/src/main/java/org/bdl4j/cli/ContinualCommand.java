package org.bdl4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bdl4j.continual.AccuracyMatrix;
import org.bdl4j.continual.ContinualLearner;
import org.bdl4j.continual.ContinualMethod;
import org.bdl4j.continual.ContinualTask;
import org.bdl4j.continual.FisherSettings;
import org.bdl4j.continual.Scenario;
import org.bdl4j.continual.TaskSequence;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Standardizer;
import org.bdl4j.data.Task;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.RequestOptions;
import org.bdl4j.method.Standardization;
import org.bdl4j.nn.ArchitectureChoice;
import org.bdl4j.nn.NetworkOptions;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionValues;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j continual}: learns a sequence of tasks made from one source (permuted features or split
 * classes, {@link TaskSequence}) with one or more methods ({@link ContinualLearner}) and prints each
 * method's accuracy matrix, average accuracy, forgetting and backward transfer.
 */
@Command(name = "continual", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = DescriptorOptions.RequestOnly.class,
        description = "Learn a sequence of tasks (permuted features or split classes) and measure forgetting.")
final class ContinualCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingSource source;

    @Mixin
    TestRows testRowsOptions;

    @Option(names = "--tasks", required = true, paramLabel = "permuted:T|split:T", description = "The task sequence: T copies of the data with the features in a new random order each, or the classes cut into T groups.")
    String tasks;

    @Option(names = "--scenario", paramLabel = "domain|task|class", description = "Split tasks: a head per task (task, the default) or one head over every class (class). Permuted tasks are domain.")
    String scenario;

    @Option(names = "--method", defaultValue = "kfac-laplace", paramLabel = "NAME[,NAME...]", description = "finetune, ewc, online-ewc, kfac-laplace, joint; several separated by commas (default: ${DEFAULT-VALUE}, which forgot least in every experiment of docs/benchmarks.md).")
    String methods;

    @Option(names = "--lambda", defaultValue = "1", paramLabel = "X", description = "The penalty's strength λ; 1 is the Laplace approximation's own scale (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--decay", defaultValue = "1", paramLabel = "G", description = "online-ewc: the precision's decay per task, in (0, 1] (default: ${DEFAULT-VALUE}, the Bayesian recursion).")
    double decay;

    @Option(names = "--fisher", defaultValue = "ggn", paramLabel = "ggn|ef|mcf", description = "The curvature of a task: the exact Fisher (ggn), the empirical Fisher at the labels (ef), or a one-sample Monte Carlo Fisher (mcf) (default: ${DEFAULT-VALUE}).")
    String fisher;

    @Option(names = "--json", description = "Print one JSON object per method: matrix, average_accuracy, forgetting, backward_transfer.")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw each method's average accuracy after each task.")
    Path plot;

    @Option(names = "--quiet", description = "No progress line per task.")
    boolean quiet;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        OptionValues given = DescriptorOptions.given(spec, false);
        long seed = given.get(RequestOptions.SEED);
        TaskSequence sequence = TaskSequence.parse(tasks, "tasks");
        Scenario sc = scenario == null ? sequence.defaultScenario() : Scenario.parse(scenario);
        List<ContinualMethod> chosen = parseMethods();
        checkApplicable(chosen);
        ContinualLearner.Settings[] settings = new ContinualLearner.Settings[chosen.size()];
        FisherSettings fisherSettings = FisherSettings.DEFAULT.withType(
                org.bdl4j.options.EnumNames.parse(CurvatureType.class, fisher, "fisher"));
        for (int i = 0; i < settings.length; i++) {
            try {
                settings[i] = new ContinualLearner.Settings(chosen.get(i), lambda, decay, fisherSettings);
            } catch (IllegalArgumentException e) {
                throw new CliException((e.getMessage().startsWith("lambda") ? "--lambda" : "--decay") + ": "
                        + e.getMessage());
            }
        }
        TrainingData td = source.load(seed);
        if (td.train().task() != Task.CLASSIFICATION) {
            throw new CliException("continual learning needs a classification source; " + td.source()
                    + " has a regression target");
        }
        TestRows.Split held = testRowsOptions.split(td.train(), seed);
        Dataset train = td.train().subset(held.rest());
        Dataset test = held.test();
        PrintWriter err = spec.commandLine().getErr();
        if (given.get(RequestOptions.STANDARDIZE) == Standardization.AUTO) {
            Standardizer s = Standardizer.fit(train);
            train = s.apply(train);
            test = s.apply(test);
        }
        if (sequence.kind().equals(TaskSequence.PERMUTED) && !given.isSet(NetworkOptions.ARCH)) {
            given = given.with(NetworkOptions.ARCH, ArchitectureChoice.MLP);
            if (!quiet) {
                err.println("permuted tasks: an MLP (a convolution assumes neighbouring features; --arch overrides)");
            }
        }
        List<ContinualTask> taskList;
        try {
            taskList = sequence.build(train, test, sc, seed);
        } catch (IllegalArgumentException e) {
            throw new CliException("--tasks " + tasks + ": " + e.getMessage());
        }
        OptionValues stageOptions = given.with(RequestOptions.STANDARDIZE, Standardization.NONE);
        PrintWriter o = spec.commandLine().getOut();
        List<ContinualLearner.Result> results = new ArrayList<>();
        for (ContinualLearner.Settings s : settings) {
            String name = s.method().cliName();
            ContinualLearner.Result r;
            try {
                r = ContinualLearner.run(taskList, s, rows -> FitRequest.fromOptions(rows, null, stageOptions).build(),
                        quiet ? null : st -> {
                            err.printf(Locale.ROOT, "%s: task %d (%s) trained in %.1f s, curvature %.1f s; average accuracy %.4f%n",
                                    name, st.stage() + 1, st.task(), st.trainSeconds(), st.consolidateSeconds(),
                                    mean(st.accuracies(), st.stage()));
                            err.flush();
                        });
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
            results.add(r);
            if (json) {
                o.println(Json.GSON.toJson(json(r, sequence, sc)));
            } else {
                print(o, r, sequence, sc);
            }
            o.flush();
        }
        if (plot != null) {
            Figures.save(chart(results, tasks + ", " + sc.cliName() + "-incremental"), plot);
        }
        return 0;
    }

    private List<ContinualMethod> parseMethods() {
        List<ContinualMethod> out = new ArrayList<>();
        for (String part : methods.split(",")) {
            ContinualMethod m = ContinualMethod.parse(part.trim());
            if (out.contains(m)) {
                throw new InvalidOptionException("method", "{method} lists " + m.cliName() + " twice");
            }
            out.add(m);
        }
        return out;
    }

    /** --decay only with online-ewc; --lambda and --fisher only with a method that consolidates. */
    private void checkApplicable(List<ContinualMethod> chosen) {
        picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--decay") && !chosen.contains(ContinualMethod.ONLINE_EWC)) {
            throw new CliException("--decay applies to --method online-ewc only");
        }
        boolean consolidates = chosen.stream()
                .anyMatch(m -> m != ContinualMethod.FINETUNE && m != ContinualMethod.JOINT);
        for (String option : List.of("--lambda", "--fisher")) {
            if (parsed.hasMatchedOption(option) && !consolidates) {
                throw new CliException(option + " applies to ewc, online-ewc and kfac-laplace, not to "
                        + methods);
            }
        }
    }

    private static double mean(double[] acc, int stage) {
        double s = 0;
        for (int j = 0; j <= stage; j++) {
            s += acc[j];
        }
        return s / (stage + 1);
    }

    private static void print(PrintWriter o, ContinualLearner.Result r, TaskSequence sequence, Scenario sc) {
        AccuracyMatrix a = r.matrix();
        o.printf(Locale.ROOT, "%s on %s:%d (%s-incremental): test accuracy after each task (rows) on each task (columns)%n",
                r.method().cliName(), sequence.kind(), sequence.count(), sc.cliName());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < a.stages(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("after", "task " + (i + 1));
            for (int j = 0; j < a.tasks().size(); j++) {
                row.put("task " + (j + 1), a.get(i, j));
            }
            row.put("average", a.averageAccuracy(i));
            rows.add(row);
        }
        o.print(Tables.format(rows));
        o.printf(Locale.ROOT, "average accuracy %.4f, forgetting %.4f, backward transfer %.4f%n%n",
                a.finalAverageAccuracy(), a.forgetting(), a.backwardTransfer());
    }

    private static JsonObject json(ContinualLearner.Result r, TaskSequence sequence, Scenario sc) {
        AccuracyMatrix a = r.matrix();
        JsonObject j = new JsonObject();
        j.addProperty("method", r.method().cliName());
        j.addProperty("tasks", sequence.kind() + ":" + sequence.count());
        j.addProperty("scenario", sc.cliName());
        JsonArray matrix = new JsonArray();
        for (int i = 0; i < a.stages(); i++) {
            JsonArray row = new JsonArray();
            for (int t = 0; t < a.tasks().size(); t++) {
                row.add(a.get(i, t));
            }
            matrix.add(row);
        }
        j.add("matrix", matrix);
        j.addProperty("average_accuracy", a.finalAverageAccuracy());
        j.addProperty("forgetting", a.forgetting());
        j.addProperty("backward_transfer", a.backwardTransfer());
        JsonArray seconds = new JsonArray();
        r.stages().forEach(s -> seconds.add(s.trainSeconds() + s.consolidateSeconds()));
        j.add("stage_seconds", seconds);
        return j;
    }

    private static XYChart chart(List<ContinualLearner.Result> results, String title) {
        XYChart c = new XYChartBuilder().width(560).height(400).title("Continual learning: " + title)
                .xAxisTitle("tasks learnt").yAxisTitle("average test accuracy").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        for (ContinualLearner.Result r : results) {
            AccuracyMatrix a = r.matrix();
            double[] x = new double[a.stages()];
            double[] y = new double[a.stages()];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
                y[i] = a.averageAccuracy(i);
            }
            c.addSeries(r.method().cliName(), x, y);
        }
        return c;
    }
}
