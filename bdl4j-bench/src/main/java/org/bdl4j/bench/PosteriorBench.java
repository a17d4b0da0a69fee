package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.FashionMnist;
import org.bdl4j.mcmc.Sgld;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.metrics.ClassificationReport;
import org.bdl4j.metrics.OodScore;
import org.bdl4j.swag.Swag;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.vi.Estimator;
import org.bdl4j.vi.Vi;

/**
 * Issue 5's approximate posteriors on the W1 network, each started from the MAP trained 3 epochs as in
 * {@link W1MapTraining} and predicting with S weight samples. One JSON line per method, with the MAP's
 * metrics from the same run beside it ({@code map_} keys); {@code train} times the method's own phase.
 *
 * <ul>
 *   <li>SWAG: {@value #SWAG_EPOCHS} epochs of SGD (lr 0.01, momentum 0.9, the same weight decay), 20
 *       snapshots, K = 20, low rank, covariance scale 0.5, S = 30.
 *   <li>VI: local reparameterisation, {@value #VI_EPOCHS} epochs of Adam (lr 1e-3), σ₀ = 1e-3, S = 30.
 *   <li>cSGLD: 4 cycles of 401 steps (about 3.7 epochs), ε = 2η/N with η = 0.01 (the per-example SGD
 *       rate), batch 128, exploration half of each cycle, thinning 25, S = 32.
 * </ul>
 */
final class PosteriorBench {
    static final int MAP_EPOCHS = 3;
    static final int SWAG_EPOCHS = 5;
    static final int VI_EPOCHS = 3;

    private PosteriorBench() {}

    static void run(Path dataDir, String method) {
        FashionData data = FashionData.load(dataDir, true);
        int n = data.train().rows();
        int batches = (n + 127) / 128;
        long seed = W1MapTraining.SEED;
        Function<MapPosterior, Posterior> fit;
        String settings;
        switch (method) {
            case "swag" -> {
                int every = SWAG_EPOCHS * batches / 20;
                settings = "sgd lr 0.01 momentum 0.9, same weight decay, batch 128, " + SWAG_EPOCHS
                        + " epochs, snapshot every " + every + " steps, K=20, low-rank, covariance scale 0.5, S=30";
                Swag swag = Swag.builder().optEpochs(SWAG_EPOCHS).optBatchSize(128).optLearningRate(0.01)
                        .optMomentum(0.9).optSnapshotEvery(every).optRank(20).optScale(0.5).optSamples(30)
                        .optSeed(seed).build();
                fit = map -> swag.fit(map, data.train());
            }
            case "vi" -> {
                settings = "mean-field, local reparameterisation, means from MAP, sigma0 1e-3, adam lr 1e-3,"
                        + " batch 128, " + VI_EPOCHS + " epochs, prior = MAP weight decay, S=30";
                Vi vi = Vi.builder().optEstimator(Estimator.LOCAL_REPARAM).optEpochs(VI_EPOCHS).optBatchSize(128)
                        .optLearningRate(1e-3).optSamples(30).optSeed(seed).build();
                fit = map -> vi.fit(map, data.train());
            }
            case "sgld" -> {
                double eps = 2 * 0.01 / n;
                int thinning = 25;
                settings = "cyclical SGLD, 4 cycles, exploration 0.5, step size " + eps + " (2*0.01/N), batch 128,"
                        + " thinning " + thinning + ", S=32";
                Sgld sgld = Sgld.builder().optStepSize(eps).optBatchSize(128).optCyclical(4, 0.5)
                        .optThinning(thinning).optSamples(32).optSeed(seed).build();
                fit = map -> sgld.fit(map, data.train());
            }
            default -> throw new IllegalArgumentException("method must be swag, vi or sgld, found '" + method + "'");
        }
        try (MapPosterior map = MapMethod.train(FitRequest.builder(data.train()).likelihood(Likelihood.CATEGORICAL).network(W1MapTraining.spec()).standardize(false).trainer(W1MapTraining.trainer(MAP_EPOCHS).build()).seed(seed).build())) {
            long t0 = System.nanoTime();
            try (Posterior post = fit.apply(map)) {
                double fitSeconds = (System.nanoTime() - t0) / 1e9;
                long p0 = System.nanoTime();
                ClassificationPredictive test = post.predictClasses(data.test());
                double predictSeconds = (System.nanoTime() - p0) / 1e9;
                JsonLine line = new JsonLine(method.toUpperCase(Locale.ROOT), method, seed)
                        .setting("network", "mlp 784-256-256-10 relu dropout 0.1 (W1)")
                        .setting("map", "adam lr 1e-3, weight decay " + W1MapTraining.WEIGHT_DECAY + ", batch 128, "
                                + MAP_EPOCHS + " epochs")
                        .setting(method, settings)
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
            for (OodScore s : OodScore.values()) {
                if (prefix.isEmpty() || s != OodScore.MUTUAL_INFORMATION) {
                    line.metric(prefix + "ood_auroc_" + name + "_" + s.key(), s.auroc(test, o));
                }
            }
        }
    }
}
