package org.bdl4j.train;

import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;

/**
 * Run in a child JVM by {@link NativeMemoryLeakTest} with a fixed, pre-touched Java heap, so that
 * resident memory can only grow through native allocations. Prints
 * {@code rssBeforeKb rssAfterKb arraysBefore arraysAfter}.
 */
public final class LeakProbe {
    private LeakProbe() {}

    /** Every array alive in every DJL manager of the process (the system manager counts its children's). */
    public static int liveArrays() {
        try (ai.djl.ndarray.NDManager probe = ai.djl.ndarray.NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        Dataset train = TestTables.blobs(200, 10, 3, 1);
        Dataset batch = TestTables.blobs(64, 10, 3, 2);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {10}, new int[] {32, 32}, Activation.RELU, 0.1f, 1);
        try (MapPosterior map = MapMethod.train(FitRequest.builder(train).likelihood(Likelihood.CATEGORICAL)
                .network(spec).trainer(MapTrainer.builder().optEpochs(2).optSeed(1).build()).seed(1).build())) {
            // warm-up: the JIT and malloc's arenas settle within ~15,000 calls (measured: resident
            // memory rises ~26 MB over the first 12,500 calls, then stays flat to 30,000)
            for (int i = 0; i < 20_000; i++) {
                map.predict(batch);
            }
            int arraysBefore = liveArrays();
            System.gc();
            Thread.sleep(200);
            long before = TestTables.residentKb();
            for (int i = 0; i < calls; i++) {
                map.predict(batch);
            }
            System.gc();
            Thread.sleep(200);
            long after = TestTables.residentKb();
            int arraysAfter = liveArrays();
            System.out.println(before + " " + after + " " + arraysBefore + " " + arraysAfter);
        }
    }
}
