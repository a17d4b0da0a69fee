package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.FashionMnist;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.metrics.ClassificationReport;
import org.bdl4j.ood.OodScore;
import org.bdl4j.options.OptionValues;
import org.bdl4j.train.MapPosterior;

/**
 * Any method of the registry on the W1 network, started from the MAP trained {@value #MAP_EPOCHS}
 * epochs as in {@link W1MapTraining}, with its options given by name (the method's defaults for the
 * others). One JSON line per run, with the MAP's metrics from the same run beside it ({@code map_}
 * keys); {@code train} times the method's own phase (the MAP is its base, trained once).
 *
 * <p>The named workloads {@code SWAG}, {@code VI} and {@code SGLD} are this benchmark with the
 * settings of {@link #PRESETS}: SWAG 5 epochs of SGD (lr 0.01, momentum 0.9), a snapshot every 107
 * steps (20 over 5 epochs of 430 batches), K = 20, low rank, scale 0.5, S = 30; VI local
 * reparameterisation, 3 epochs of Adam (lr 1e-3), S = 30; cyclical SGLD, 4 cycles, exploration 0.5,
 * step 2η/N = 2·0.01/55,000, batch 128, thinning 25, S = 32.
 */
final class PosteriorBench {
    static final int MAP_EPOCHS = 3;

    /** The option text of the named workloads, by workload. */
    static final Map<String, Map<String, String>> PRESETS = Map.of(
            "SWAG", Map.of("method", "swag", "swag-epochs", "5", "swag-batch-size", "128", "swag-lr", "0.01",
                    "swag-momentum", "0.9", "swag-snapshot-every", "107", "swag-rank", "20", "swag-scale", "0.5",
                    "swag-covariance", "low-rank", "samples", "30"),
            "VI", Map.of("method", "vi", "estimator", "local", "vi-epochs", "3", "vi-batch-size", "128", "vi-lr",
                    "1e-3", "vi-initial-sigma", "1e-3", "samples", "30"),
            "SGLD", Map.of("method", "sgld", "sgld-step-size", "3.6363636363636366e-07", "sgld-batch-size", "128", "sgld-cycles",
                    "4", "sgld-exploration", "0.5", "sgld-thinning", "25", "samples", "32"));

    private PosteriorBench() {}

    /**
     * @param workload the name on the JSON line
     * @param settings {@code method} and the method's options as text
     */
    static void run(Path dataDir, String workload, Map<String, String> settings) {
        String name = settings.get("method");
        if (name == null) {
            throw new IllegalArgumentException("the posterior workload needs method=NAME");
        }
        PosteriorMethod method = Methods.get(name);
        Map<String, String> texts = new java.util.LinkedHashMap<>(settings);
        texts.remove("method");
        OptionValues options = Methods.parseOptions(texts, List.of(method));
        FashionData data = FashionData.load(dataDir, true);
        long seed = W1MapTraining.SEED;
        FitRequest request = FitRequest.builder(data.train()).likelihood(Likelihood.CATEGORICAL)
                .network(W1MapTraining.spec()).standardize(false).trainer(W1MapTraining.trainer(MAP_EPOCHS).build())
                .seed(seed).options(options).build();
        try (MapPosterior map = MapMethod.train(request)) {
            long t0 = System.nanoTime();
            try (Posterior post = Methods.fit(method, request.withBase(map))) {
                double fitSeconds = (System.nanoTime() - t0) / 1e9;
                long p0 = System.nanoTime();
                ClassificationPredictive test = post.predictClasses(data.test());
                double predictSeconds = (System.nanoTime() - p0) / 1e9;
                JsonLine line = new JsonLine(workload, name, seed)
                        .setting("network", "mlp 784-256-256-10 relu dropout 0.1 (W1)")
                        .setting("map", "adam lr 1e-3, weight decay " + W1MapTraining.WEIGHT_DECAY + ", batch 128, "
                                + MAP_EPOCHS + " epochs")
                        .setting(name, options.describe(method.options()))
                        .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                line.metrics(ClassificationReport.of(test.probabilities(), data.test().labels()).toMap());
                addOod(line, "", post, test, data.ood());
                ClassificationPredictive mapTest = map.predictClasses(data.test());
                ClassificationReport.of(mapTest.probabilities(), data.test().labels()).toMap()
                        .forEach((k, v) -> line.metric("map_" + k, v));
                addOod(line, "map_", map, mapTest, data.ood());
                line.time("train", fitSeconds);
                line.time("predict_10k", predictSeconds);
                line.print();
            }
        }
    }

    private static void addOod(JsonLine line, String prefix, Posterior post, ClassificationPredictive test,
            Map<FashionMnist.Ood, Dataset> ood) {
        for (Map.Entry<FashionMnist.Ood, Dataset> e : ood.entrySet()) {
            ClassificationPredictive o = post.predictClasses(e.getValue());
            String name = e.getKey().name().toLowerCase(Locale.ROOT);
            for (OodScore s : List.of(OodScore.MSP, OodScore.ENTROPY, OodScore.MUTUAL_INFORMATION)) {
                if (prefix.isEmpty() || s != OodScore.MUTUAL_INFORMATION) {
                    line.metric(prefix + "ood_auroc_" + name + "_" + s.cliName(), s.auroc(test, o));
                }
            }
        }
    }
}
