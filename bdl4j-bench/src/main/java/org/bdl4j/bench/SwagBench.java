package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.FashionMnist;
import org.bdl4j.metrics.ClassificationReport;
import org.bdl4j.metrics.OodScore;
import org.bdl4j.swag.Swag;
import org.bdl4j.swag.SwagPosterior;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.TrainingListener;

/**
 * SWAG on the W1 network (issue 5): MAP trained 3 epochs as in {@link W1MapTraining}, then
 * {@value #EPOCHS} epochs of SGD (lr {@value #LR}, momentum 0.9, the same weight decay) collecting
 * {@value #SNAPSHOTS} snapshots (K = 20), S = {@value #SAMPLES}, scale 0.5. Prints one line for SWAG
 * with the MAP's metrics from the same run beside it ({@code map_} keys).
 */
final class SwagBench {
    static final int MAP_EPOCHS = 3;
    static final int EPOCHS = 5;
    static final int SNAPSHOTS = 20;
    static final double LR = 0.01;
    static final int SAMPLES = 30;

    private SwagBench() {}

    static void run(Path dataDir) {
        FashionData data = FashionData.load(dataDir, true);
        try (MapPosterior map = MapPosterior.fit(data.train(), null, Likelihood.CATEGORICAL, W1MapTraining.spec(),
                false, W1MapTraining.trainer(MAP_EPOCHS, new TrainingListener() {}), W1MapTraining.SEED)) {
            int batches = (data.train().rows() + 127) / 128;
            int every = EPOCHS * batches / SNAPSHOTS;
            Swag swag = Swag.builder().optEpochs(EPOCHS).optBatchSize(128).optLearningRate(LR).optMomentum(0.9)
                    .optSnapshotEvery(every).optRank(20).optScale(0.5).optSamples(SAMPLES)
                    .optSeed(W1MapTraining.SEED).build();
            long t0 = System.nanoTime();
            try (SwagPosterior post = swag.fit(map, data.train())) {
                double fitSeconds = (System.nanoTime() - t0) / 1e9;
                long p0 = System.nanoTime();
                ClassificationPredictive test = post.predictClasses(data.test());
                double predictSeconds = (System.nanoTime() - p0) / 1e9;
                JsonLine line = new JsonLine("SWAG", "swag", W1MapTraining.SEED)
                        .setting("network", "mlp 784-256-256-10 relu dropout 0.1 (W1)")
                        .setting("map", "adam lr 1e-3, weight decay " + W1MapTraining.WEIGHT_DECAY + ", batch 128, "
                                + MAP_EPOCHS + " epochs")
                        .setting("swag", "sgd lr " + LR + " momentum 0.9, same weight decay, batch 128, " + EPOCHS
                                + " epochs, snapshot every " + every + " steps, K=20, low-rank, scale 0.5")
                        .setting("samples", SAMPLES)
                        .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                line.metrics(ClassificationReport.of(test.probabilities(), data.test().labels()).toMap());
                addOod(line, "", post, test, data.ood());
                ClassificationPredictive mapTest = map.predictClasses(data.test());
                Map<String, Double> mapMetrics = ClassificationReport.of(mapTest.probabilities(),
                        data.test().labels()).toMap();
                mapMetrics.forEach((k, v) -> line.metric("map_" + k, v));
                addOod(line, "map_", map, mapTest, data.ood());
                line.time("swag_train", fitSeconds);
                line.time("predict_10k_s30", predictSeconds);
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
