package org.bdl4j.cli;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.io.Versions;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkOutputs;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.nn.TaskPool;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bdl4j doctor}: what this machine is, the threading bdl4j runs with and where it came from, and
 * a measurement instead of an assumption: a W1-sized training step (MLP 784-256-256-10, ReLU, dropout
 * 0.1, Adam, batch 128, synthetic rows) and a prediction pass, each at 1 intra-op thread and at the
 * current count, with the faster named; and, with more than one intra-op thread, two such trainings one
 * after the other against the same two at once on the workers of {@link TaskPool} (inter-op
 * parallelism, as ensemble members and HMC chains run). The OpenMP wait policy is read by libtorch when the process
 * starts, so it is reported here; {@code --calibrate} varies it in child JVMs ({@link OpenMpCalibration}) and
 * records the fastest for the launcher.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the machine, the threads bdl4j uses and why, and time training and prediction steps at"
                + " 1 and at the current number of intra-op threads, and two trainings one after the other and at"
                + " once.")
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "40", paramLabel = "N",
            description = "Training steps timed per thread count, after as many to warm up (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--calibrate", description = "Time a training step under each way OpenMP threads may wait"
            + " (libgomp's default spin, GOMP_SPINCOUNT=1000, OMP_WAIT_POLICY=PASSIVE), each in a JVM of its own,"
            + " and record the fastest for ./bdl4j in $BDL4J_OPENMP_FILE or ~/.cache/bdl4j/openmp.")
    boolean calibrate;

    /** A child of {@code --calibrate}: times the training step alone and prints {@code probe_step_ms X}. */
    @Option(names = "--probe", hidden = true)
    boolean probe;

    private static final NetworkSpec W1 = NetworkSpec.mlp(new int[] {784}, new int[] {256, 256}, Activation.RELU,
            0.1f, 10);
    private static final int BATCH = 128;
    private static final int PREDICT_ROWS = 10_000;

    @Override
    public Integer call() throws Exception {
        if (steps < 1) {
            throw new CliException("--steps must be >= 1, found " + steps);
        }
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads libtorch, which the thread calls below need
        int cores = Runtime.getRuntime().availableProcessors();
        int current = JniUtils.getNumThreads();
        PrintWriter o = spec.commandLine().getOut();
        if (probe) {
            Dataset rows = synthetic(BATCH * steps * 2);
            try (Network net = Network.create(W1, DropoutMode.STANDARD, 1)) {
                double step = stepSeconds(net, rows);
                o.println("probe_waiting " + OpenMpCalibration.waitingSeen());
                o.printf(Locale.ROOT, "probe_step_ms %.4f%n", 1000 * step);
            }
            o.flush();
            return 0;
        }
        if (calibrate) {
            return calibrate(o, current);
        }
        String property = System.getProperty("ai.djl.pytorch.num_threads");
        String wait = System.getenv("OMP_WAIT_POLICY");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cpu", OpenMpCalibration.cpuModel());
        report.put("cores", cores);
        report.put("software", Versions.software());
        report.put("intra_op_threads", current);
        report.put("threads_from", property != null ? "-Dai.djl.pytorch.num_threads=" + property
                + " (./bdl4j sets it from BDL4J_THREADS, else the core count)" : "libtorch's default (no"
                        + " -Dai.djl.pytorch.num_threads)");
        String spin = System.getenv("GOMP_SPINCOUNT");
        String choice = System.getenv("BDL4J_OPENMP_CHOICE");
        report.put("openmp_waiting", (wait == null ? "OMP_WAIT_POLICY unset" : "OMP_WAIT_POLICY=" + wait)
                + (spin == null ? "" : ", GOMP_SPINCOUNT=" + spin) + (choice != null ? " (./bdl4j chose " + choice
                        + ")" : " (read when the process starts; unless either is set, ./bdl4j uses what doctor"
                        + " --calibrate measured on free cores and OMP_WAIT_POLICY=PASSIVE when the load average"
                        + " shows other work)"));
        String gcChoice = System.getenv("BDL4J_GC_CHOICE");
        report.put("garbage_collector", String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList()) + (gcChoice != null ? " (./bdl4j chose " + gcChoice
                        + ")" : " (not ./bdl4j's choice: the JVM's default or the JVM's options; ./bdl4j runs the"
                                + " serial collector on 2 cores or fewer unless BDL4J_JAVA_OPTS names a collector)"));
        Path file = OpenMpCalibration.file();
        report.put("openmp_measured", OpenMpCalibration.read(file, OpenMpCalibration.machine())
                .map(w -> w.token() + " (" + w.meaning() + "), measured on this machine, in " + file)
                .orElse("not measured on this machine (" + file + "): bdl4j doctor --calibrate measures it"));
        Dataset rows = synthetic(BATCH * steps * 2);
        List<Map<String, Object>> timings = new ArrayList<>();
        Map<Integer, double[]> measured = new LinkedHashMap<>(); // threads -> {step seconds, predict seconds}
        try (Network net = Network.create(W1, DropoutMode.STANDARD, 1)) {
            for (int t : new TreeSet<>(List.of(1, current))) {
                JniUtils.setNumThreads(t);
                double step = stepSeconds(net, rows);
                long t0 = System.nanoTime();
                NetworkOutputs.compute(net, rows.features(), rows.featureShape(), Math.min(PREDICT_ROWS, rows.rows()),
                        false);
                double predict = (System.nanoTime() - t0) / 1e9 * PREDICT_ROWS / Math.min(PREDICT_ROWS, rows.rows());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("threads", t);
                row.put("train_step_ms", 1000 * step);
                row.put("predict_10k_s", predict);
                timings.add(row);
                measured.put(t, new double[] {step, predict});
            }
        } finally {
            JniUtils.setNumThreads(current);
        }
        report.put("timings", timings);
        report.put("advice", advice(current, measured));
        String taskSetting = System.getProperty(TaskPool.PROPERTY);
        report.put("parallel_tasks", String.format(Locale.ROOT, "%d workers for a 5-member ensemble (%s)",
                TaskPool.workers(5), taskSetting != null ? "-D" + TaskPool.PROPERTY + "=" + taskSetting
                        + ", ./bdl4j sets it from BDL4J_TASKS" : "the default rule: one worker per intra-op thread"));
        int workers = TaskPool.workers(2, current, taskSetting);
        Map<String, Object> tasks = null;
        if (workers > 1) {
            Dataset part = rows.slice(BATCH * steps, rows.rows());
            double oneWorker = twoTrainings(part, 1);
            double parallel = twoTrainings(part, workers);
            tasks = new LinkedHashMap<>();
            tasks.put("two_trainings_one_worker_s", oneWorker);
            tasks.put("two_trainings_" + workers + "_workers_s", parallel);
            report.put("task_timings", tasks);
            report.put("task_advice", taskAdvice(workers, oneWorker, parallel));
        }
        if (json) {
            o.println(Json.GSON.toJson(report));
        } else {
            for (Map.Entry<String, Object> e : report.entrySet()) {
                if (!List.of("timings", "advice", "task_timings", "task_advice").contains(e.getKey())) {
                    o.printf(Locale.ROOT, "%-17s %s%n", e.getKey(), e.getValue());
                }
            }
            o.println();
            o.println("a W1-sized step (MLP 784-256-256-10, batch " + BATCH + ", " + steps + " steps after as many to"
                    + " warm up) and a prediction of 10,000 rows:");
            o.print(Tables.format(timings));
            o.println(report.get("advice"));
            if (tasks != null) {
                o.println();
                o.println("two such networks trained one after the other (" + steps + " steps each), then at once on "
                        + workers + " workers (-D" + TaskPool.PROPERTY + "):");
                o.print(Tables.format(List.of(tasks)));
                o.println(report.get("task_advice"));
            }
        }
        o.flush();
        return 0;
    }

    /** {@code --calibrate}: times each OpenMP waiting in a child JVM, prints them and records the fastest. */
    private int calibrate(PrintWriter o, int threads) {
        Path file = OpenMpCalibration.file();
        OpenMpCalibration.Result r;
        try {
            r = OpenMpCalibration.calibrate(threads, steps);
        } catch (CliException e) {
            try {
                OpenMpCalibration.writeFailure(file, e.getMessage());
            } catch (IOException ignored) {
                // the failure itself is reported below
            }
            throw e;
        }
        try {
            OpenMpCalibration.write(file, r);
        } catch (IOException e) {
            throw new CliException("could not write " + file + ": " + e.getMessage());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OpenMpCalibration.Waiting w : OpenMpCalibration.Waiting.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("waiting", w.token());
            row.put("train_step_ms", r.best(w));
            rows.add(row);
        }
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("machine", r.machine());
            report.put("intra_op_threads", threads);
            report.put("timings", rows);
            report.put("choice", r.choice().token());
            report.put("file", file.toString());
            o.println(Json.GSON.toJson(report));
        } else {
            o.println("a W1-sized training step at " + threads + " intra-op threads under each OpenMP waiting (each in"
                    + " a JVM of its own, the fastest of " + OpenMpCalibration.ROUNDS + " rounds):");
            o.print(Tables.format(rows));
            o.println("fastest: " + r.choice().token() + " (" + r.choice().meaning() + "); ./bdl4j uses it on free"
                    + " cores of this machine (recorded in " + file + ")");
        }
        o.flush();
        return 0;
    }

    /** Differences below this factor are within the noise of these machines and change nothing. */
    static final double MARGIN = 1.1;

    /**
     * What the timings suggest: 1 thread only when it trains more than {@value #MARGIN} times faster; and
     * whether prediction agrees.
     */
    static String advice(int current, Map<Integer, double[]> measured) {
        if (current == 1) {
            return "one intra-op thread is in use; with more cores, BDL4J_THREADS=N tries N";
        }
        double train = measured.get(current)[0] / measured.get(1)[0];
        double predict = measured.get(current)[1] / measured.get(1)[1];
        if (train <= MARGIN) {
            return String.format(Locale.ROOT, "keep the current %d threads: 1 thread trained %.2fx and predicted"
                    + " %.2fx as fast (within %.1fx counts as the same)", current, train, predict, MARGIN);
        }
        return String.format(Locale.ROOT, "1 thread trained %.2fx as fast as %d%s: set BDL4J_THREADS=1 for ./bdl4j,"
                + " or -Dai.djl.pytorch.num_threads=1 in your JVM (several tasks in parallel then use the other"
                + " cores)", train, current, predict < 1 / MARGIN ? String.format(Locale.ROOT, ", though %d predicted"
                        + " %.2fx as fast as 1", current, 1 / predict) : "");
    }

    /**
     * What the timings of two independent trainings say about inter-op parallelism: keep the workers
     * unless one after the other was faster by more than {@value #MARGIN} times.
     */
    static String taskAdvice(int workers, double oneWorker, double parallel) {
        double ratio = parallel / oneWorker;
        if (ratio <= MARGIN) {
            return String.format(Locale.ROOT, "keep %d workers for independent tasks (ensemble members, HMC chains):"
                    + " they took %.2fx the time of one after the other", workers, ratio);
        }
        return String.format(Locale.ROOT, "%d workers took %.2fx the time of one after the other: set BDL4J_TASKS=1"
                + " for ./bdl4j, or -D%s=1 in your JVM", workers, ratio, TaskPool.PROPERTY);
    }

    /** The wall seconds of two W1-sized trainings over {@code rows} on {@code workers} workers. */
    private static double twoTrainings(Dataset rows, int workers) {
        long t0 = System.nanoTime();
        TaskPool.map(2, workers, i -> {
            try (Network net = Network.create(W1, DropoutMode.STANDARD, 1 + i)) {
                return trainSeconds(net, rows);
            }
        }, r -> {});
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds per step over the second half of {@code rows}, after a warm-up epoch over the first half. */
    private double stepSeconds(Network net, Dataset rows) {
        trainSeconds(net, rows.slice(0, BATCH * steps));
        return trainSeconds(net, rows.slice(BATCH * steps, rows.rows())) / steps;
    }

    /** The training seconds of one epoch over {@code rows} (batch 128, Adam). */
    private static double trainSeconds(Network net, Dataset rows) {
        return MapTrainer.builder().optBudget(TrainingBudget.epochs(1)).optBatchSize(BATCH).optSeed(1).build()
                .train(net, Likelihood.CATEGORICAL, rows).epochs().get(0).seconds();
    }

    private static Dataset synthetic(int n) {
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        int[] y = new int[n];
        List<String> classes = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            classes.add(Integer.toString(k));
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
        }
        return Dataset.classification(x, n, new int[] {784}, Dataset.defaultFeatureNames(784), y, classes, "y");
    }
}
