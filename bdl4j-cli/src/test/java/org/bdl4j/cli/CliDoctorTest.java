package org.bdl4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bdl4j doctor}: the threading in use, timings at 1 and at the current thread count, and two
 * trainings one after the other and at once.
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
}
