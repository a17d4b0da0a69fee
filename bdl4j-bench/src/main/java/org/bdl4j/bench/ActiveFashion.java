package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bdl4j.active.Acquisition;
import org.bdl4j.active.ActiveLearningLoop;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Task;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.options.OptionValues;

/**
 * ACTIVE: pool-based active learning on Fashion-MNIST as in Gal, Islam and Ghahramani (ICML 2017) and
 * Kirsch et al. (NeurIPS 2019), with a method (MC dropout by default) refitted from scratch every round:
 * the pool is the first {@value #POOL} of the benchmark's 55,000 training images, the test rows the first
 * {@value #TEST} test images; 20 labelled rows to start (2 per class), {@value #BATCH} acquired per round.
 * Networks: {@code lenet} (conv 6 and 16, dense 120 and 84, dropout 0.25 after each dense layer) or
 * {@code mlp} (784-128-128-10, dropout 0.25); 500 epochs of batch 32 (500 steps at 20 labels, 500·⌈n/32⌉
 * beyond), every labelled row trained on (the default budget's 5-fold cross-validation below 100 rows
 * would cost 6 fits per round), everything else the library's defaults. One JSON line per method, network,
 * acquisition and seed with the test accuracy after each round ({@code acc_at_N}, N labelled rows), the
 * mean over the curve and the labels first reaching 70% and 80% ({@code labels_to_70},
 * {@code labels_to_80}; -1 when not reached).
 */
final class ActiveFashion {
    static final int POOL = 5_000;
    static final int TEST = 2_000;
    static final int BATCH = 10;
    static final int DEFAULT_ROUNDS = 20;
    static final List<String> DEFAULT_ACQUISITIONS = List.of("random", "entropy", "bald", "powerbald",
            "variation_ratio", "batchbald");
    private static final double[] TARGETS = {0.7, 0.8};

    private ActiveFashion() {}

    /**
     * @param methods posterior methods by name, each with the settings below
     * @param networks {@code lenet}, {@code mlp} or both
     * @param acquisitions classification acquisitions by their command-line names
     */
    static void run(Path dataDir, List<String> methods, List<String> networks, List<String> acquisitions, int rounds,
            int firstSeed, int seeds) {
        List<Acquisition> chosen = acquisitions.stream().map(a -> Acquisition.parse(a, Task.CLASSIFICATION)).toList();
        for (String name : methods) {
            for (String network : networks) {
                run(dataDir, Methods.get(name), network, chosen, rounds, firstSeed, seeds);
            }
        }
    }

    private static void run(Path dataDir, PosteriorMethod method, String network, List<Acquisition> chosen, int rounds,
            int firstSeed, int seeds) {
        FashionData data = FashionData.load(dataDir, network.equals("mlp"));
        Dataset pool = data.train().slice(0, POOL);
        Dataset test = data.test().slice(0, TEST);
        Map<String, String> settings = new LinkedHashMap<>(switch (network) {
            case "lenet" -> Map.of("arch", "cnn", "hidden", "120,84");
            case "mlp" -> Map.of("arch", "mlp", "hidden", "128,128");
            default -> throw new IllegalArgumentException("ACTIVE networks are lenet and mlp, found " + network);
        });
        settings.putAll(Map.of("dropout", "0.25", "epochs", "500", "batch-size", "32", "validation-fraction", "0"));
        for (int s = firstSeed; s < firstSeed + seeds; s++) {
            int seed = s;
            settings.put("seed", Integer.toString(seed));
            OptionValues options = Methods.parseOptions(settings, List.of(method));
            for (Acquisition a : chosen) {
                long t0 = System.nanoTime();
                double[] acquireSeconds = {0};
                List<ActiveLearningLoop.Round> curve = ActiveLearningLoop.run(method,
                        rows -> FitRequest.fromOptions(rows, null, options).build(), pool, test,
                        new ActiveLearningLoop.Settings(20, true, BATCH, rounds, 0, a, seed),
                        r -> {
                            acquireSeconds[0] += r.acquireSeconds();
                            System.err.printf(java.util.Locale.ROOT, "%s %s %s seed %d: %d labels, accuracy %.4f"
                                    + " (fit %.1f s, acquire %.1f s)%n", method.name(), network, a.cliName(), seed,
                                    r.labelled(), r.metrics().get("accuracy"), r.fitSeconds(), r.acquireSeconds());
                        });
                print(method.name() + "+" + a.cliName(), network, seed, rounds, curve, (System.nanoTime() - t0) / 1e9,
                        acquireSeconds[0]);
            }
        }
    }

    private static void print(String row, String network, int seed, int rounds, List<ActiveLearningLoop.Round> curve,
            double seconds, double acquireSeconds) {
        JsonLine line = new JsonLine("ACTIVE", row, seed)
                .setting("pool", POOL).setting("test", TEST).setting("batch", BATCH).setting("rounds", rounds)
                .setting("network", network + ", dropout 0.25, 500 epochs of batch 32")
                .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        double sum = 0;
        int[] reached = new int[TARGETS.length];
        java.util.Arrays.fill(reached, -1);
        for (ActiveLearningLoop.Round r : curve) {
            double acc = r.metrics().get("accuracy");
            line.metric("acc_at_" + r.labelled(), acc);
            sum += acc;
            for (int t = 0; t < TARGETS.length; t++) {
                if (reached[t] < 0 && acc >= TARGETS[t]) {
                    reached[t] = r.labelled();
                }
            }
        }
        line.metric("mean_accuracy", sum / curve.size());
        for (int t = 0; t < TARGETS.length; t++) {
            line.metric("labels_to_" + Math.round(100 * TARGETS[t]), reached[t]);
        }
        line.time("run", seconds).time("acquire", acquireSeconds);
        line.print();
    }
}
