package org.bdl4j.bench;

import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.IntraOpThreads;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingBudget;

/**
 * THREADS of docs/benchmarks.md: the milliseconds of an Adam step (dropout 0.1, synthetic 10-class rows)
 * at one intra-op thread and at the process's count, for MLPs from 0.03 to 86 million multiply-adds a
 * step: the evidence for {@code IntraOpThreads}' threshold. Per network: one short warm-up epoch, then
 * the best of three epochs of 60 batches at each count, with that rule switched off
 * ({@code -Dbdl4j.one-thread-below=0}) so that the count set is the count used.
 */
final class ThreadSweep {
    private static final Object[][] CASES = {
        {8, new int[] {50}, 32}, {10, new int[] {100, 100}, 32}, {20, new int[] {200, 200}, 64},
        {784, new int[] {32, 32}, 128}, {784, new int[] {64, 64}, 128}, {784, new int[] {128, 128}, 128},
        {784, new int[] {256, 256}, 128}, {784, new int[] {512, 512}, 128}, {784, new int[] {256, 256}, 32}};

    private ThreadSweep() {}

    static void run() {
        ai.djl.engine.Engine.getEngine("PyTorch");
        int threads = JniUtils.getNumThreads();
        String rule = System.getProperty(IntraOpThreads.PROPERTY);
        System.setProperty(IntraOpThreads.PROPERTY, "0");
        try {
            for (Object[] c : CASES) {
                int in = (Integer) c[0];
                int[] hidden = (int[]) c[1];
                int batch = (Integer) c[2];
                NetworkSpec spec = NetworkSpec.mlp(new int[] {in}, hidden, Activation.RELU, 0.1f, 10);
                Dataset rows = rows(batch * 60, in);
                double one = stepMs(spec, rows, batch, 1);
                double many = stepMs(spec, rows, batch, threads);
                new JsonLine("THREADS", "map", 1).setting("network", "mlp " + in + "-" + join(hidden) + "-10 relu dropout 0.1")
                        .setting("batch_size", batch).setting("threads", threads)
                        .setting("multiply_adds_per_step", spec.multiplyAddsPerRow() * batch)
                        .time("step_1_thread", one / 1000).time("step_" + threads + "_threads", many / 1000)
                        .extra("ratio_threads_over_1", many / one).print();
            }
        } finally {
            JniUtils.setNumThreads(threads);
            if (rule == null) {
                System.clearProperty(IntraOpThreads.PROPERTY);
            } else {
                System.setProperty(IntraOpThreads.PROPERTY, rule);
            }
        }
    }

    /** Milliseconds per step at {@code threads}: the best of three epochs after a warm-up. */
    private static double stepMs(NetworkSpec spec, Dataset rows, int batch, int threads) {
        JniUtils.setNumThreads(threads);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 1)) {
            MapTrainer trainer = MapTrainer.builder().optBudget(TrainingBudget.epochs(1)).optBatchSize(batch).optSeed(1)
                    .build();
            trainer.train(net, Likelihood.CATEGORICAL, rows.slice(0, batch * 20));
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 3; r++) {
                best = Math.min(best, trainer.train(net, Likelihood.CATEGORICAL, rows).epochs().get(0).seconds());
            }
            return 1000 * best / ((rows.rows() + batch - 1) / batch);
        }
    }

    private static Dataset rows(int n, int d) {
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (r.nextGaussian() + (j % 10 == y[i] ? 1 : 0));
            }
        }
        List<String> classes = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            classes.add("c" + k);
        }
        return Dataset.classification(x, n, new int[] {d}, Dataset.defaultFeatureNames(d), y, classes, "y");
    }

    private static String join(int[] hidden) {
        StringBuilder b = new StringBuilder();
        for (int h : hidden) {
            b.append(b.length() == 0 ? "" : "-").append(h);
        }
        return b.toString();
    }
}
