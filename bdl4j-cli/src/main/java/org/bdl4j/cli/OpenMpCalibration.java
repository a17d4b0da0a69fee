package org.bdl4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How libtorch's OpenMP threads should wait on this machine, measured rather than assumed.
 *
 * <p>An OpenMP thread that finds no work either spins for a while (libgomp's default: about 300,000
 * iterations), spins briefly ({@code GOMP_SPINCOUNT=1000}) or sleeps at once ({@code
 * OMP_WAIT_POLICY=PASSIVE}) before the next parallel region wakes it. Which trains fastest differs
 * between machines: on a 2-core AMD EPYC the short spin trained W1 at 0.69 times PASSIVE's epoch, on a
 * 2-core Intel Xeon it took 1.5 times libgomp's default (docs/benchmarks.md, "Threads and OpenMP
 * waiting"). The setting is read once, when libtorch starts, so each candidate is timed in a child JVM
 * of its own: a W1-sized training step (MLP 784-256-256-10, batch 128, Adam) at the given intra-op
 * threads, each candidate {@link #ROUNDS} times in alternation, its fastest kept. The fastest candidate
 * is written to {@link #file()} for this machine ({@link #machine()}), where {@code ./bdl4j} reads it
 * when the cores are free.
 */
final class OpenMpCalibration {
    /** Alternating rounds per candidate; the fastest of each candidate's rounds counts. */
    static final int ROUNDS = 2;
    /** How long one child may take. */
    private static final long PROBE_TIMEOUT_S = 120;

    /** The ways an OpenMP thread may wait, as environment settings. */
    enum Waiting {
        LIBGOMP_DEFAULT("default", Map.of(), "libgomp's default spin"),
        SHORT_SPIN("GOMP_SPINCOUNT=1000", Map.of("GOMP_SPINCOUNT", "1000"), "a short spin"),
        PASSIVE("OMP_WAIT_POLICY=PASSIVE", Map.of("OMP_WAIT_POLICY", "PASSIVE"), "sleeping at once");

        private final String token;
        private final Map<String, String> environment;
        private final String meaning;

        Waiting(String token, Map<String, String> environment, String meaning) {
            this.token = token;
            this.environment = environment;
            this.meaning = meaning;
        }

        /** The value of the file's {@code choice=} line, which the launcher reads. */
        String token() {
            return token;
        }

        String meaning() {
            return meaning;
        }

        /** The OpenMP settings a process started under this waiting sees, as {@link #waitingSeen} prints them. */
        String seen() {
            return describe(environment.get("OMP_WAIT_POLICY"), environment.get("GOMP_SPINCOUNT"));
        }

        static Optional<Waiting> parse(String token) {
            for (Waiting w : values()) {
                if (w.token.equals(token)) {
                    return Optional.of(w);
                }
            }
            return Optional.empty();
        }
    }

    /** A calibration: each candidate's step times (ms, one per round) and the fastest. */
    record Result(String machine, int threads, Map<Waiting, double[]> stepMs, Waiting choice) {
        double best(Waiting w) {
            return fastestRound(stepMs.get(w));
        }
    }

    private OpenMpCalibration() {}

    /** A system property naming the file, before {@code $BDL4J_OPENMP_FILE} (for a JVM that embeds the CLI). */
    static final String FILE_PROPERTY = "bdl4j.openmp-file";

    /**
     * The file the launcher reads: {@code -Dbdl4j.openmp-file} or {@code $BDL4J_OPENMP_FILE}, else {@code
     * bdl4j/openmp} under {@code $XDG_CACHE_HOME} or {@code ~/.cache}.
     */
    static Path file() {
        String explicit = System.getProperty(FILE_PROPERTY, System.getenv("BDL4J_OPENMP_FILE"));
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isEmpty() ? Path.of(cache) : Path.of(System.getProperty("user.home"),
                ".cache");
        return base.resolve("bdl4j").resolve("openmp");
    }

    /**
     * This machine as the launcher names it: the CPU's model name from /proc/cpuinfo (leading blanks
     * removed; {@code unknown} without it), a bar, and the number of cores this process may use.
     */
    static String machine() {
        return cpuModel() + "|" + Runtime.getRuntime().availableProcessors();
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).stripLeading();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    /**
     * Times every candidate at {@code threads} intra-op threads, {@code steps} steps after as many to warm
     * up, {@link #ROUNDS} rounds in alternation.
     */
    static Result calibrate(int threads, int steps) {
        Map<Waiting, double[]> ms = new EnumMap<>(Waiting.class);
        for (Waiting w : Waiting.values()) {
            ms.put(w, new double[ROUNDS]);
        }
        for (int r = 0; r < ROUNDS; r++) {
            for (Waiting w : Waiting.values()) {
                ms.get(w)[r] = probe(w, threads, steps);
            }
        }
        return new Result(machine(), threads, ms, fastest(ms));
    }

    /** The candidate with the smallest best time (the order of {@link Waiting} breaks ties). */
    static Waiting fastest(Map<Waiting, double[]> ms) {
        Waiting best = null;
        for (Waiting w : Waiting.values()) {
            if (best == null || fastestRound(ms.get(w)) < fastestRound(ms.get(best))) {
                best = w;
            }
        }
        return best;
    }

    /** This process's OpenMP wait settings, {@code OMP_WAIT_POLICY=…,GOMP_SPINCOUNT=…} ({@code -} when unset). */
    static String waitingSeen() {
        return describe(System.getenv("OMP_WAIT_POLICY"), System.getenv("GOMP_SPINCOUNT"));
    }

    private static String describe(String policy, String spin) {
        return "OMP_WAIT_POLICY=" + (policy == null ? "-" : policy) + ",GOMP_SPINCOUNT=" + (spin == null ? "-" : spin);
    }

    private static double fastestRound(double[] ms) {
        return java.util.Arrays.stream(ms).min().orElse(Double.NaN);
    }

    /** One child JVM running {@code doctor --probe} under {@code waiting}: its milliseconds per step. */
    private static double probe(Waiting waiting, int threads, int steps) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the collector of the runs the choice is for (./bdl4j's serial collector on 2 cores)
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.matches("-XX:\\+Use\\w*GC")).forEach(cmd::add);
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("ai.djl.") && !k.equals("ai.djl.pytorch.num_threads"))
                .sorted().forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
        cmd.add("-Dbdl4j.tasks=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("doctor", "--probe", "--steps", Integer.toString(steps)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("OMP_WAIT_POLICY");
        env.remove("GOMP_SPINCOUNT");
        env.remove("BDL4J_OPENMP_CHOICE");
        env.putAll(waiting.environment);
        Path log = null;
        try {
            log = Files.createTempFile("bdl4j-openmp-probe", ".log");
            pb.redirectOutput(log.toFile()); // a file, not a pipe: the timeout below can always fire
            Process p = pb.start();
            if (!p.waitFor(PROBE_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new CliException("the OpenMP probe with " + waiting.token() + " did not finish within "
                        + PROBE_TIMEOUT_S + " s");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            List<String> numbers = out.lines().filter(l -> l.startsWith("probe_step_ms ")).toList();
            if (p.exitValue() != 0 || numbers.size() != 1) {
                String last = out.lines().reduce((a, b) -> b).orElse("(no output)");
                throw new CliException("the OpenMP probe with " + waiting.token() + " failed (exit " + p.exitValue()
                        + "): " + last);
            }
            if (!out.lines().toList().contains("probe_waiting " + waiting.seen())) {
                throw new CliException("the OpenMP probe with " + waiting.token() + " did not run under "
                        + waiting.seen());
            }
            return Double.parseDouble(numbers.get(0).substring("probe_step_ms ".length()).trim());
        } catch (IOException e) {
            throw new CliException("could not run the OpenMP probe: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while timing the OpenMP probes");
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    /** Writes {@code result} to {@code file} whole or not at all, in the launcher's line format. */
    static void write(Path file, Result result) throws IOException {
        AtomicFiles.write(file, w -> {
            w.write("# How libtorch's OpenMP threads wait on this machine: measured by `bdl4j doctor --calibrate` on "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ".\n");
            w.write("# Fastest of " + ROUNDS + " rounds of a W1-sized training step at " + result.threads()
                    + " intra-op threads:");
            for (Waiting wt : Waiting.values()) {
                w.write(String.format(Locale.ROOT, " %s %.2f ms;", wt.token(), result.best(wt)));
            }
            w.write("\n# ./bdl4j uses the choice below when this machine line matches and the cores are free.\n");
            w.write("machine=" + result.machine() + "\n");
            w.write("choice=" + result.choice().token() + "\n");
        });
    }

    /**
     * Records that the calibration failed on this machine ({@code choice=none}), so that the launcher
     * falls back without timing again on every run; {@code bdl4j doctor --calibrate} retries.
     */
    static void writeFailure(Path file, String reason) throws IOException {
        AtomicFiles.write(file, w -> {
            w.write("# `bdl4j doctor --calibrate` failed on " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ": "
                    + reason.replace('\n', ' ') + "\n");
            w.write("machine=" + machine() + "\n");
            w.write("choice=none\n");
        });
    }

    /**
     * The choice recorded in {@code file} for this machine, if the file exists, names this machine and
     * holds a known choice.
     */
    static Optional<Waiting> read(Path file, String machine) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.contains("machine=" + machine)) {
                return Optional.empty();
            }
            return lines.stream().filter(l -> l.startsWith("choice=")).findFirst()
                    .flatMap(l -> Waiting.parse(l.substring("choice=".length())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
