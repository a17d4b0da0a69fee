package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.Map;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.FashionMnist;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.metrics.ClassificationReport;
import org.bdl4j.ood.OodScore;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapPosterior;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingListener;
import org.bdl4j.train.TrainingResult;

/**
 * W1 of docs/benchmarks.md: MLP 784-256-256-10, ReLU, dropout 0.1, Adam lr 1e-3, coupled weight decay
 * 5e-4, batch 128; train seconds per epoch (the mean over all epochs, and over all but the first, which
 * also pays the JIT compilers' work on the same cores) and 10k-test prediction seconds, with the test
 * metrics and OOD AUROC. The same run also times the identical loop written with raw engine ops
 * ({@link RawTorchLoop}), the "plain libtorch" baseline that the per-epoch ratio is quoted against.
 */
final class W1MapTraining {
    static final double WEIGHT_DECAY = 5e-4;
    static final long SEED = 1;

    private W1MapTraining() {}

    /** The W1 network: MLP 784-256-256-10, ReLU, dropout 0.1 after each hidden layer. */
    static NetworkSpec spec() {
        return NetworkSpec.mlp(new int[] {784}, new int[] {256, 256}, Activation.RELU, 0.1f, 10);
    }

    /** The W1 training: Adam lr 1e-3, coupled weight decay 5e-4, batch 128, seed 1. */
    static MapTrainer.Builder trainer(int epochs) {
        return MapTrainer.builder().optEpochs(epochs).optBatchSize(128).optLearningRate(1e-3)
                .optWeightDecay(WEIGHT_DECAY).optSeed(SEED);
    }

    static void run(Path dataDir, int[] epochBudgets, boolean baseline) {
        FashionData data = FashionData.load(dataDir, true);
        NetworkSpec spec = spec();
        Double rawPerEpoch = null;
        if (baseline) {
            rawPerEpoch = RawTorchLoop.secondsPerEpoch(data.train(), Integer.getInteger("bdl4j.bench.rawEpochs", 2), SEED);
        }
        for (int epochs : epochBudgets) {
            TrainingResult[] result = new TrainingResult[1];
            MapTrainer trainer = trainer(epochs).addListener(new TrainingListener() {
                        @Override
                        public void onEnd(TrainingResult r) {
                            result[0] = r;
                        }
                    }).build();
            long t0 = System.nanoTime();
            try (MapPosterior map = MapMethod.train(FitRequest.builder(data.train()).likelihood(Likelihood.CATEGORICAL)
                    .network(spec).standardize(false).trainer(trainer).seed(SEED).build())) {
                double fitSeconds = (System.nanoTime() - t0) / 1e9;
                // warm-up prediction so the timed one measures steady state, as the reference does
                map.predictClasses(data.test().slice(0, 256));
                long p0 = System.nanoTime();
                ClassificationPredictive test = map.predictClasses(data.test());
                double predictSeconds = (System.nanoTime() - p0) / 1e9;
                JsonLine line = new JsonLine("W1", "map", SEED)
                        .setting("network", "mlp 784-256-256-10 relu dropout 0.1")
                        .setting("epochs", epochs).setting("batch_size", 128).setting("optimizer", "adam")
                        .setting("lr", 1e-3).setting("weight_decay", WEIGHT_DECAY)
                        .setting("prior_precision", WEIGHT_DECAY * data.train().rows())
                        .setting("train_rows", data.train().rows()).setting("test_rows", data.test().rows())
                        .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                line.metrics(ClassificationReport.of(test.probabilities(), data.test().labels()).toMap());
                addOod(line, map, test, data.ood(), OodScore.MSP, OodScore.ENTROPY);
                double perEpoch = result[0].secondsPerEpoch();
                line.setting("epoch_seconds", result[0].epochs().stream()
                        .map(e -> Math.round(e.seconds() * 1000) / 1000.0).toList());
                line.time("train_per_epoch", perEpoch);
                if (result[0].epochs().size() > 1) { // the first epoch also pays the JIT compilers' work
                    line.time("train_per_epoch_after_first", result[0].epochs().stream().skip(1)
                            .mapToDouble(e -> e.seconds()).average().orElseThrow());
                }
                line.time("fit_total", fitSeconds);
                line.time("predict_10k", predictSeconds);
                if (rawPerEpoch != null) {
                    line.time("raw_torch_train_per_epoch", rawPerEpoch);
                    line.extra("ratio_train_per_epoch_vs_raw_torch", perEpoch / rawPerEpoch);
                }
                line.print();
            }
        }
    }

    /** AUROC of each score, the test set against each OOD set (predicted by {@code posterior}). */
    static void addOod(JsonLine line, Posterior posterior, ClassificationPredictive test,
            Map<FashionMnist.Ood, Dataset> ood, OodScore... scores) {
        for (Map.Entry<FashionMnist.Ood, Dataset> e : ood.entrySet()) {
            ClassificationPredictive o = posterior.predictClasses(e.getValue());
            String name = e.getKey().name().toLowerCase(java.util.Locale.ROOT);
            for (OodScore s : scores) {
                line.metric("ood_auroc_" + name + "_" + s.cliName(), s.auroc(test, o));
            }
        }
    }

}
