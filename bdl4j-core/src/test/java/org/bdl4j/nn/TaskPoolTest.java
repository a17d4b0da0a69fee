package org.bdl4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskPool}: the rule for the number of workers and its setting, results in index order from
 * several threads, each worker on its share of the intra-op threads and out of gradient mode, the
 * caller's thread count kept, and a failure that stops the run, closes what was made and is rethrown.
 */
class TaskPoolTest {
    @AfterEach
    void clearSetting() {
        System.clearProperty(TaskPool.PROPERTY);
    }

    @Test
    void autoRunsOneWorkerPerIntraOpThreadAndTheSettingOverrides() {
        assertThat(TaskPool.workers(5, 2, null)).isEqualTo(2);
        assertThat(TaskPool.workers(5, 2, "auto")).isEqualTo(2);
        assertThat(TaskPool.workers(1, 2, null)).as("one task").isEqualTo(1);
        assertThat(TaskPool.workers(5, 1, null)).as("one intra-op thread").isEqualTo(1);
        assertThat(TaskPool.workers(5, 8, " AUTO ")).isEqualTo(5);
        assertThat(TaskPool.workers(5, 1, "3")).isEqualTo(3);
        assertThat(TaskPool.workers(2, 1, "3")).as("never more workers than tasks").isEqualTo(2);
        assertThatThrownBy(() -> TaskPool.workers(5, 2, "many"))
                .hasMessage("-Dbdl4j.tasks (BDL4J_TASKS for ./bdl4j) must be 'auto' or a number of workers >= 1,"
                        + " found 'many'");
        assertThatThrownBy(() -> TaskPool.workers(5, 2, "0"))
                .hasMessage("-Dbdl4j.tasks (BDL4J_TASKS for ./bdl4j) must be 'auto' or a number of workers >= 1,"
                        + " found '0'");
    }

    @Test
    void resultsComeInIndexOrderFromTheWorkers() {
        System.setProperty(TaskPool.PROPERTY, "2");
        int callerThreads = TaskPool.intraOpThreads();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Object[]> seen = new CopyOnWriteArrayList<>();
        List<Integer> out = TaskPool.map(6, i -> {
            threads.add(Thread.currentThread().getName());
            seen.add(new Object[] {JniUtils.isGradMode(), JniUtils.getNumThreads()});
            sleep(30);
            return i * i;
        }, r -> {});
        assertThat(out).containsExactly(0, 1, 4, 9, 16, 25);
        assertThat(threads).hasSize(2).allMatch(n -> n.startsWith("bdl4j-task-"));
        for (Object[] s : seen) {
            assertThat((Boolean) s[0]).as("gradient mode on a worker").isFalse();
            assertThat((Integer) s[1]).as("a worker's intra-op threads").isEqualTo(Math.max(1, callerThreads / 2));
        }
        assertThat(TaskPool.intraOpThreads()).as("the caller's threads afterwards").isEqualTo(callerThreads);
    }

    @Test
    void anExplicitCountOverridesTheSetting() {
        System.setProperty(TaskPool.PROPERTY, "1");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        assertThat(TaskPool.map(4, 2, i -> {
            threads.add(Thread.currentThread().getName());
            sleep(30);
            return i;
        }, r -> {})).containsExactly(0, 1, 2, 3);
        assertThat(threads).hasSize(2);
        assertThatThrownBy(() -> TaskPool.map(4, 0, i -> i, r -> {})).hasMessage("workers must be >= 1, found 0");
    }

    @Test
    void oneWorkerRunsTheTasksOnTheCallingThread() {
        System.setProperty(TaskPool.PROPERTY, "1");
        String caller = Thread.currentThread().getName();
        assertThat(TaskPool.map(3, i -> Thread.currentThread().getName(), r -> {})).containsOnly(caller);
    }

    @Test
    void aFailureStopsTheRunClosesWhatWasMadeAndIsRethrown() {
        for (String workers : List.of("1", "2")) {
            System.setProperty(TaskPool.PROPERTY, workers);
            List<Integer> started = new CopyOnWriteArrayList<>();
            List<Integer> discarded = new CopyOnWriteArrayList<>();
            assertThatThrownBy(() -> TaskPool.map(20, i -> {
                started.add(i);
                sleep(10);
                if (i == 2) {
                    throw new IllegalStateException("task 2 failed");
                }
                return i;
            }, discarded::add)).as("%s workers", workers).isInstanceOf(IllegalStateException.class)
                    .hasMessage("task 2 failed");
            assertThat(started).as("tasks started after the failure, %s workers", workers).hasSizeLessThan(6);
            assertThat(discarded).as("results closed, %s workers", workers)
                    .containsExactlyInAnyOrderElementsOf(started.stream().filter(i -> i != 2).toList());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
