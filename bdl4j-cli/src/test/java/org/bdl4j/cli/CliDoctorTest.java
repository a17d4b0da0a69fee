package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bdl4j.cli.OpenMpCalibration.Waiting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bdl4j doctor}: the threading in use, timings at 1 and at the current thread count, two
 * trainings one after the other and at once, and {@code --calibrate}, which times each OpenMP waiting in
 * a child JVM and records the fastest for the launcher.
 */
class CliDoctorTest {
    @Test
    void reportsTheThreadsAndTimesBothCounts() {
        CliRun run = CliRun.of("doctor", "--steps", "2", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        int current = o.get("intra_op_threads").getAsInt();
        assertThat(current).isPositive();
        JsonArray timings = o.getAsJsonArray("timings");
        List<Integer> counts = new ArrayList<>();
        for (JsonElement e : timings) {
            JsonObject t = e.getAsJsonObject();
            counts.add(t.get("threads").getAsInt());
            assertThat(t.get("train_step_ms").getAsDouble()).isPositive();
            assertThat(t.get("predict_10k_s").getAsDouble()).isPositive();
        }
        assertThat(counts).containsExactlyElementsOf(current == 1 ? List.of(1) : List.of(1, current));
        assertThat(o.get("advice").getAsString()).isNotEmpty();
        assertThat(o.get("openmp_waiting").getAsString()).contains("OMP_WAIT_POLICY");
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            assertThat(o.get("garbage_collector").getAsString()).as("the report names the JVM's collectors")
                    .contains(gc.getName());
        }
        assertThat(o.get("parallel_tasks").getAsString()).contains("workers for a 5-member ensemble");
        if (current > 1) {
            JsonObject tasks = o.getAsJsonObject("task_timings");
            assertThat(tasks.get("two_trainings_one_worker_s").getAsDouble()).isPositive();
            assertThat(tasks.keySet()).hasSize(2);
            assertThat(o.get("task_advice").getAsString()).isNotEmpty();
        }
        assertThat(CliRun.of("doctor", "--steps", "0").errLines()).containsExactly("bdl4j: --steps must be >= 1,"
                + " found 0");
    }

    /** Workers are kept unless one after the other was faster beyond the noise margin. */
    @Test
    void taskAdviceKeepsWorkersUnlessClearlySlower() {
        assertThat(DoctorCommand.taskAdvice(2, 1.0, 0.7)).startsWith("keep 2 workers for independent tasks");
        assertThat(DoctorCommand.taskAdvice(2, 1.0, 1.05)).startsWith("keep 2 workers");
        assertThat(DoctorCommand.taskAdvice(2, 1.0, 1.3)).isEqualTo("2 workers took 1.30x the time of one after the"
                + " other: set BDL4J_TASKS=1 for ./bdl4j, or -Dbdl4j.tasks=1 in your JVM");
    }

    /** The advice changes the thread count only for a training gain beyond the 1.1x noise margin. */
    @Test
    void adviceNeedsAClearGain() {
        assertThat(DoctorCommand.advice(2, Map.of(1, new double[] {0.0060, 0.10}, 2, new double[] {0.0064, 0.05})))
                .startsWith("keep the current 2 threads: 1 thread trained 1.07x and predicted 0.50x as fast");
        assertThat(DoctorCommand.advice(2, Map.of(1, new double[] {0.0060, 0.10}, 2, new double[] {0.0090, 0.05})))
                .startsWith("1 thread trained 1.50x as fast as 2, though 2 predicted 2.00x as fast as 1: set"
                        + " BDL4J_THREADS=1");
        assertThat(DoctorCommand.advice(2, Map.of(1, new double[] {0.0060, 0.05}, 2, new double[] {0.0090, 0.06})))
                .startsWith("1 thread trained 1.50x as fast as 2: set BDL4J_THREADS=1");
    }

    /**
     * Each candidate ran in a child JVM under its own setting (the calibration checks what the child saw
     * and fails otherwise), the fastest is recorded for this machine and read back, and `doctor` reports it.
     */
    @Test
    void calibrationRecordsTheFastestWaitingForThisMachine(@TempDir Path dir) {
        Path file = dir.resolve("cache").resolve("openmp");
        String before = System.getProperty(OpenMpCalibration.FILE_PROPERTY);
        System.setProperty(OpenMpCalibration.FILE_PROPERTY, file.toString());
        try {
            CliRun run = CliRun.of("doctor", "--calibrate", "--steps", "2", "--json");
            assertThat(run.code()).as(run.err()).isZero();
            JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
            Map<String, Double> ms = new java.util.LinkedHashMap<>();
            for (JsonElement e : o.getAsJsonArray("timings")) {
                JsonObject t = e.getAsJsonObject();
                ms.put(t.get("waiting").getAsString(), t.get("train_step_ms").getAsDouble());
            }
            assertThat(ms.keySet()).containsExactly("default", "GOMP_SPINCOUNT=1000", "OMP_WAIT_POLICY=PASSIVE");
            assertThat(ms.values()).allSatisfy(v -> assertThat(v).isPositive());
            String fastest = ms.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertThat(o.get("choice").getAsString()).isEqualTo(fastest);
            assertThat(OpenMpCalibration.read(file, OpenMpCalibration.machine()).map(Waiting::token)).contains(fastest);
            assertThat(OpenMpCalibration.read(file, "another CPU|64")).isEmpty();
            JsonObject doctor = JsonParser.parseString(CliRun.of("doctor", "--steps", "1", "--json").out())
                    .getAsJsonObject();
            assertThat(doctor.get("openmp_measured").getAsString()).startsWith(fastest + " (").contains(file.toString());
        } finally {
            if (before == null) {
                System.clearProperty(OpenMpCalibration.FILE_PROPERTY);
            } else {
                System.setProperty(OpenMpCalibration.FILE_PROPERTY, before);
            }
        }
    }

    /**
     * A file for another machine, without a choice, with an unknown choice, recording a failed calibration
     * ({@code choice=none}, which the launcher reads as "do not time again"), or missing is not used.
     */
    @Test
    void onlyAKnownChoiceForThisMachineIsRead(@TempDir Path dir) throws IOException {
        String machine = OpenMpCalibration.machine();
        Path file = dir.resolve("openmp");
        assertThat(OpenMpCalibration.read(file, machine)).isEmpty();
        Files.writeString(file, "# a comment\nmachine=" + machine + "\nchoice=OMP_WAIT_POLICY=PASSIVE\n");
        assertThat(OpenMpCalibration.read(file, machine)).contains(Waiting.PASSIVE);
        assertThat(OpenMpCalibration.read(file, machine + "0")).isEmpty();
        Files.writeString(file, "machine=" + machine + "\nchoice=spin-forever\n");
        assertThat(OpenMpCalibration.read(file, machine)).isEmpty();
        Files.writeString(file, "machine=" + machine + "\n");
        assertThat(OpenMpCalibration.read(file, machine)).isEmpty();
        OpenMpCalibration.writeFailure(file, "a probe failed\nat step 3");
        assertThat(Files.readAllLines(file)).contains("machine=" + machine, "choice=none").hasSize(3);
        assertThat(OpenMpCalibration.read(file, machine)).isEmpty();
    }

    /** Each candidate counts with its fastest round; the first of equals wins. */
    @Test
    void theFastestCandidateIsTheOneWithTheSmallestBestRound() {
        Map<Waiting, double[]> ms = new EnumMap<>(Waiting.class);
        ms.put(Waiting.LIBGOMP_DEFAULT, new double[] {5.0, 9.0});
        ms.put(Waiting.SHORT_SPIN, new double[] {4.0, 8.0});
        ms.put(Waiting.PASSIVE, new double[] {6.0, 4.5});
        assertThat(OpenMpCalibration.fastest(ms)).isEqualTo(Waiting.SHORT_SPIN);
        ms.put(Waiting.PASSIVE, new double[] {4.0, 7.0});
        assertThat(OpenMpCalibration.fastest(ms)).isEqualTo(Waiting.SHORT_SPIN);
        ms.put(Waiting.LIBGOMP_DEFAULT, new double[] {3.9, 3.95});
        assertThat(OpenMpCalibration.fastest(ms)).isEqualTo(Waiting.LIBGOMP_DEFAULT);
    }
}
