package org.bdl4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 10,000 predict calls must leave native memory flat: every batch's arrays live in a sub-manager
 * that is closed after the batch, so neither the network's manager nor the process's resident set
 * grows.
 *
 * <p>The calls run in a child JVM ({@link LeakProbe}) whose Java heap is fixed and pre-touched
 * ({@code -Xms=-Xmx, -XX:+AlwaysPreTouch}) and whose direct-buffer memory is capped, so resident
 * memory cannot grow with Java garbage, only with native allocations. After a 20,000-call warm-up
 * (in which the JIT and malloc's arenas settle; measured on a quiet machine: +26 MB over the first
 * 12,500 calls, then +0.1 MB from 20,000 to 30,000), 10,000 more calls may add at most 16 MB. That
 * bound leaves room for a loaded machine, and a leak of one call's input batch (2.5 kB of floats
 * plus tensor overhead) would exceed it. The exact check is the other one: the number of arrays
 * alive in all of DJL's managers must not change.
 */
class NativeMemoryLeakTest {

    @Test
    void tenThousandPredictCallsKeepMemoryFlat() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch",
                "-XX:MaxDirectMemorySize=64m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-cp", System.getProperty("java.class.path"), LeakProbe.class.getName(), "10000");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.redirectErrorStream(true);
        Path log = Files.createTempFile("bdl4j-leak-probe", ".log");
        pb.redirectOutput(log.toFile()); // not a pipe: waitFor's timeout must be able to fire
        Process p = pb.start();
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        assertThat(finished).as("the probe finished within 5 minutes; its output:%n%s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().filter(l -> l.matches("\\d+ \\d+ \\d+ \\d+")).toList();
        assertThat(lines).as(out).hasSize(1);
        String[] f = lines.get(0).split(" ");
        long before = Long.parseLong(f[0]);
        long after = Long.parseLong(f[1]);
        System.out.printf("resident memory %d kB before, %d kB after 10,000 predict calls%n", before, after);
        assertThat(Integer.parseInt(f[3])).as("arrays alive in all managers").isEqualTo(Integer.parseInt(f[2]));
        assertThat(after - before).as("resident growth in kB over 10,000 calls").isLessThan(16 * 1024);
    }
}
