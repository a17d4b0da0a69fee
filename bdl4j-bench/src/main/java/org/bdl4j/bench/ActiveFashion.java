package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bdl4j.active.Acquisition;
import org.bdl4j.active.ActiveLearningLoop;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.options.OptionValues;

/**
 * ACTIVE: pool-based active learning on Fashion-MNIST as in Gal, Islam and Ghahramani (ICML 2017), with
 * MC dropout refitted from scratch every round on flattened images: the pool is the first
 * {@value #POOL} of the benchmark's 55,000 training images, the test rows the first {@value #TEST} test
 * images; 20 labelled rows to start (2 per class), {@value #BATCH} acquired per round for
 * {@value #ROUNDS} rounds; network 784-128-128-10 with dropout 0.25, 500 epochs of batch 32 (500 to 3,500
 * steps), every labelled row trained on (the default budget's 5-fold cross-validation below 100 rows
 * would cost 6 fits per round), everything else the library's defaults. One JSON line per acquisition and seed with the test
 * accuracy after each round ({@code acc_at_N}, N labelled rows) and the mean over the curve.
 */
final class ActiveFashion {
    static final int POOL = 5_000;
    static final int TEST = 2_000;
    static final int BATCH = 10;
    static final int ROUNDS = 20;
    static final List<Acquisition> ACQUISITIONS = List.of(Acquisition.RANDOM, Acquisition.ENTROPY, Acquisition.BALD,
            Acquisition.POWER_BALD, Acquisition.VARIATION_RATIO);

    private ActiveFashion() {}

    static void run(Path dataDir, int seeds) {
        FashionData data = FashionData.load(dataDir, true);
        Dataset pool = data.train().slice(0, POOL);
        Dataset test = data.test().slice(0, TEST);
        PosteriorMethod method = Methods.get("mc-dropout");
        for (int seed = 1; seed <= seeds; seed++) {
            OptionValues options = Methods.parseOptions(Map.of("hidden", "128,128", "dropout", "0.25", "epochs", "500",
                    "batch-size", "32", "validation-fraction", "0", "seed", Integer.toString(seed)), List.of(method));
            for (Acquisition a : ACQUISITIONS) {
                long t0 = System.nanoTime();
                List<ActiveLearningLoop.Round> curve = ActiveLearningLoop.run(method,
                        rows -> FitRequest.fromOptions(rows, null, options).build(), pool, test,
                        new ActiveLearningLoop.Settings(20, true, BATCH, ROUNDS, 0, a, seed), null);
                JsonLine line = new JsonLine("ACTIVE", "mc-dropout+" + a.cliName(), seed)
                        .setting("pool", POOL).setting("test", TEST).setting("batch", BATCH).setting("rounds", ROUNDS)
                        .setting("network", "mlp 784-128-128-10 relu dropout 0.25, 500 epochs of batch 32")
                        .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                double sum = 0;
                for (ActiveLearningLoop.Round r : curve) {
                    double acc = r.metrics().get("accuracy");
                    line.metric("acc_at_" + r.labelled(), acc);
                    sum += acc;
                }
                line.metric("mean_accuracy", sum / curve.size());
                line.time("run", (System.nanoTime() - t0) / 1e9);
                line.print();
            }
        }
    }
}
