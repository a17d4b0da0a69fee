package org.bdl4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bdl4j.active.Acquisition;
import org.bdl4j.active.ActiveLearningLoop;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;
import org.bdl4j.data.Task;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.method.RequestOptions;
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
 * {@code bdl4j active-learn}: a simulated pool-based active-learning run ({@link ActiveLearningLoop}) on
 * labelled data whose labels are revealed only when acquired; prints and saves the learning curve (CSV
 * and PNG) and which rows were labelled in which round. The method and its options come from the
 * registry, as for {@code fit}.
 */
@Command(name = "active-learn", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = DescriptorOptions.class,
        description = "Simulate pool-based active learning: refit a method as an acquisition labels rows of the pool.")
final class ActiveLearnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingSource source;

    @Mixin
    TestRows testRowsOptions;

    @Option(names = "--method", defaultValue = "mc-dropout", paramLabel = "NAME", description = "The method refitted every round (default: ${DEFAULT-VALUE}, as Gal et al. 2017).")
    String method;

    @Option(names = "--acquisition", paramLabel = "NAME", description = "random, entropy, bald, variation_ratio, mean_std, margin, batchbald, powerbald; regression: random, variance, epistemic_variance, variance_reduction (default: powerbald, or bald with --batch 1; variance for regression). mean_std, batchbald and variance_reduction need a method with posterior samples.")
    String acquisition;

    @Option(names = "--initial", defaultValue = "20", paramLabel = "N", description = "Labelled rows to start from (default: ${DEFAULT-VALUE}).")
    int initial;

    @Option(names = "--start", defaultValue = "balanced", paramLabel = "balanced|random", description = "Initial rows: the same number per class, or at random (default: ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--batch", defaultValue = "10", paramLabel = "K", description = "Rows acquired per round (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--rounds", defaultValue = "30", paramLabel = "R", description = "Acquisition rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--budget", defaultValue = "0", paramLabel = "N", description = "Stop once N rows are labelled (default: no budget beyond the rounds).")
    int budget;

    @Option(names = "--pool-validation", defaultValue = "0", paramLabel = "N", description = "Hold N labelled rows out of the pool (never acquired) and record the validation NLL each round (default: none).")
    int poolValidation;

    @Option(names = "--stop-patience", defaultValue = "0", paramLabel = "R", description = "With --pool-validation: stop after R rounds without a lower validation NLL (default: 0, never).")
    int stopPatience;

    @Option(names = "--curve", paramLabel = "FILE.csv", description = "Write the learning curve here (whole or not at all).")
    Path curve;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the learning curve (test accuracy or RMSE against labelled rows).")
    Path plot;

    @Option(names = "--labels-out", paramLabel = "FILE.csv", description = "Write which pool rows were labelled and in which round (row: 0-based row of --data).")
    Path labelsOut;

    @Option(names = "--warm-start", description = "Train each round from the previous round's weights instead of fresh ones (map, mc-dropout, laplace).")
    boolean warmStart;

    @Option(names = "--quiet", description = "No progress line per round.")
    boolean quiet;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        PosteriorMethod m = Methods.get(method);
        OptionValues given = DescriptorOptions.given(spec);
        DescriptorOptions.checkApplicable(given, List.of(m));
        long seed = given.get(RequestOptions.SEED);
        TrainingData td = source.load(seed);
        Task task = td.train().task();
        Acquisition a = parseAcquisition(task);
        ActiveLearningLoop.Settings settings = settings(a, seed);
        TestRows.Split held = testRowsOptions.split(td.train(), seed);
        Dataset testRows = held.test();
        int[] candidateRows = held.rest();
        Dataset validation = null;
        if (poolValidation > 0) {
            if (poolValidation >= candidateRows.length) {
                throw new CliException("--pool-validation " + poolValidation + " leaves no pool (the pool has "
                        + candidateRows.length + " rows)");
            }
            int[] all = candidateRows;
            Splits.TrainValidation v = Splits.trainValidationRows(all.length, poolValidation, seed + 13);
            validation = td.train().subset(java.util.Arrays.stream(v.validation()).map(i -> all[i]).toArray());
            candidateRows = java.util.Arrays.stream(v.train()).map(i -> all[i]).toArray();
        }
        int[] poolRows = candidateRows;
        Dataset pool = td.train().subset(poolRows);
        PrintWriter err = spec.commandLine().getErr();
        List<ActiveLearningLoop.Round> result;
        try {
            result = ActiveLearningLoop.run(m, rows -> FitRequest.fromOptions(rows, null, given).build(), pool,
                    testRows, validation, settings, quiet ? null : r -> {
                        err.printf(Locale.ROOT, "round %d: %d labelled, %s, fit %.1f s%n", r.round(), r.labelled(),
                                headline(r.metrics(), task), r.fitSeconds());
                        err.flush();
                    });
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        PrintWriter o = spec.commandLine().getOut();
        List<Map<String, Object>> table = table(result);
        o.printf(Locale.ROOT, "active learning with %s and %s on %s: pool %d rows, test %d rows%n", m.name(), a.cliName(),
                td.source(), pool.rows(), testRows.rows());
        o.print(Tables.format(table));
        o.flush();
        if (curve != null) {
            AtomicFiles.write(curve, w -> writeCsv(table, w));
        }
        if (labelsOut != null) {
            AtomicFiles.write(labelsOut, w -> writeLabels(result, poolRows, w));
        }
        if (plot != null) {
            Figures.save(chart(result, task, m.name() + ", " + a.cliName()), plot);
        }
        return 0;
    }

    /** The acquisition given, else {@link Acquisition#defaultFor} the task and batch. */
    private Acquisition parseAcquisition(Task task) {
        return acquisition == null ? Acquisition.defaultFor(task, batch) : Acquisition.parse(acquisition, task);
    }

    private ActiveLearningLoop.Settings settings(Acquisition a, long seed) {
        if (!start.equals("balanced") && !start.equals("random")) {
            throw new CliException("--start must be balanced or random, found '" + start + "'");
        }
        if (initial < 1) {
            throw new CliException("--initial must be >= 1, found " + initial);
        }
        if (batch < 1) {
            throw new CliException("--batch must be >= 1, found " + batch);
        }
        if (rounds < 0) {
            throw new CliException("--rounds must be >= 0, found " + rounds);
        }
        if (budget < 0) {
            throw new CliException("--budget must be >= 0, found " + budget);
        }
        if (poolValidation < 0 || stopPatience < 0) {
            throw new CliException("--pool-validation and --stop-patience must be >= 0, found " + poolValidation
                    + " and " + stopPatience);
        }
        if (stopPatience > 0 && poolValidation == 0) {
            throw new CliException("--stop-patience needs validation rows: give --pool-validation N");
        }
        return new ActiveLearningLoop.Settings(initial, start.equals("balanced"), batch, rounds, budget, stopPatience,
                a, seed, warmStart);
    }

    private static String headline(Map<String, Double> metrics, Task task) {
        return task == Task.CLASSIFICATION
                ? String.format(Locale.ROOT, "accuracy %.4f, nll %.4f", metrics.get("accuracy"), metrics.get("nll"))
                : String.format(Locale.ROOT, "rmse %.4f, nll %.4f", metrics.get("rmse"), metrics.get("nll"));
    }

    private static List<Map<String, Object>> table(List<ActiveLearningLoop.Round> result) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ActiveLearningLoop.Round r : result) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("round", r.round());
            row.put("labelled", r.labelled());
            row.putAll(r.metrics());
            row.put("fit_s", r.fitSeconds());
            row.put("acquire_s", r.acquireSeconds());
            rows.add(row);
        }
        return rows;
    }

    private static void writeCsv(List<Map<String, Object>> table, java.io.Writer w) throws java.io.IOException {
        CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
        List<String> keys = Tables.columns(table);
        out.printRecord(keys);
        for (Map<String, Object> row : table) {
            List<Object> cells = new ArrayList<>();
            for (String k : keys) {
                Object v = row.get(k);
                cells.add(v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(v));
            }
            out.printRecord(cells);
        }
        out.flush();
    }

    /** {@code row,round}: the initial rows in round 0, each acquired row in the round after the one that chose it. */
    private static void writeLabels(List<ActiveLearningLoop.Round> result, int[] poolRows, java.io.Writer w)
            throws java.io.IOException {
        CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
        out.printRecord("row", "round");
        for (int i : result.get(0).labelledRows()) {
            out.printRecord(poolRows[i], 0);
        }
        for (ActiveLearningLoop.Round r : result) {
            for (int i : r.acquired()) {
                out.printRecord(poolRows[i], r.round() + 1);
            }
        }
        out.flush();
    }

    private static XYChart chart(List<ActiveLearningLoop.Round> result, Task task, String title) {
        String key = task == Task.CLASSIFICATION ? "accuracy" : "rmse";
        double[] x = result.stream().mapToDouble(ActiveLearningLoop.Round::labelled).toArray();
        double[] y = result.stream().mapToDouble(r -> r.metrics().get(key)).toArray();
        XYChart c = new XYChartBuilder().width(560).height(400).title("Learning curve: " + title)
                .xAxisTitle("labelled rows").yAxisTitle("test " + key).build();
        c.getStyler().setLegendVisible(false).setLegendPosition(Styler.LegendPosition.InsideSE);
        Figures.line(c, key, x, y, Figures.TOTAL, false);
        return c;
    }
}
