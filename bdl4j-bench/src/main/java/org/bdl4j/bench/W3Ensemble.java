package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.ensemble.DeepEnsemble;
import org.bdl4j.ensemble.EnsembleOptions;
import org.bdl4j.ensemble.EnsembleTraining;
import org.bdl4j.math.Vectors;
import org.bdl4j.method.FitRequest;
import org.bdl4j.metrics.ClassificationReport;
import org.bdl4j.ood.OodScore;
import org.bdl4j.metrics.PredictiveReports;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.MapTrainer;

/**
 * W3 of docs/benchmarks.md: deep ensembles trained sequentially and vectorised, one JSON line per mode,
 * the vectorised line carrying the ratio of the two training times measured in the same run.
 *
 * <ul>
 *   <li>W3: M = 5 members of the W1 network and training, on Fashion-MNIST; test metrics and OOD
 *       AUROC (MSP, entropy, mutual information).
 *   <li>W3s: M = 5 members of the UCI-sized network (one hidden layer of 50, heteroscedastic
 *       Gaussian head, batch 32, 40 epochs, Adam lr 1e-2) on a seeded synthetic table of 1,000
 *       training rows with 8 features ({@link #synthetic}); regression metrics on 1,000 test rows.
 *       Each mode is trained three times, alternating, and the median time is reported, which damps
 *       the noise of a shared 2-core machine.
 * </ul>
 */
final class W3Ensemble {
    static final int MEMBERS = 5;
    static final long SEED = 1;
    private static final EnsembleTraining[] MODES = {EnsembleTraining.SEQUENTIAL, EnsembleTraining.VECTORIZED};

    private W3Ensemble() {}

    static void runFashion(Path dataDir, int epochs) {
        FashionData data = FashionData.load(dataDir, true);
        MapTrainer trainer = W1MapTraining.trainer(epochs).build();
        double sequentialSeconds = Double.NaN;
        for (EnsembleTraining mode : MODES) {
            try (DeepEnsemble e = DeepEnsemble.fit(FitRequest.builder(data.train()).likelihood(Likelihood.CATEGORICAL)
                    .network(W1MapTraining.spec()).standardize(false).trainer(trainer).seed(SEED)
                    .build(), new EnsembleOptions(MEMBERS, mode))) {
                e.predictClasses(data.test().slice(0, 256));
                long p0 = System.nanoTime();
                ClassificationPredictive p = e.predictClasses(data.test());
                double predict = (System.nanoTime() - p0) / 1e9;
                JsonLine line = new JsonLine("W3", "ensemble", SEED)
                        .setting("network", "mlp 784-256-256-10 relu dropout 0.1").setting("members", MEMBERS)
                        .setting("training", mode.cliName()).setting("epochs", epochs).setting("batch_size", 128)
                        .setting("optimizer", "adam").setting("lr", 1e-3)
                        .setting("weight_decay", W1MapTraining.WEIGHT_DECAY)
                        .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                line.metrics(ClassificationReport.of(p.probabilities(), data.test().labels()).toMap());
                W1MapTraining.addOod(line, e, p, data.ood(), OodScore.MSP, OodScore.ENTROPY,
                        OodScore.MUTUAL_INFORMATION);
                line.time("train_total", e.trainSeconds());
                line.time("predict_10k", predict);
                if (mode == EnsembleTraining.SEQUENTIAL) {
                    sequentialSeconds = e.trainSeconds();
                } else {
                    line.time("train_total_sequential", sequentialSeconds);
                    line.extra("ratio_train_sequential_over_vectorized", sequentialSeconds / e.trainSeconds());
                }
                line.print();
            }
        }
    }

    static void runSmall() {
        Dataset train = synthetic(1000, 21);
        Dataset test = synthetic(1000, 22);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {8}, new int[] {50}, Activation.RELU, 0f, 2);
        MapTrainer trainer = MapTrainer.builder().optEpochs(40).optBatchSize(32).optLearningRate(1e-2).build();
        for (EnsembleTraining mode : MODES) { // warm-up
            DeepEnsemble.fit(FitRequest.builder(train).likelihood(Likelihood.HETEROSCEDASTIC_GAUSSIAN).network(spec)
                    .trainer(MapTrainer.builder().optEpochs(2).optBatchSize(32).build()).seed(SEED)
                    .build(), new EnsembleOptions(2, mode))
                    .close();
        }
        double[][] seconds = new double[MODES.length][3];
        DeepEnsemble[] kept = new DeepEnsemble[MODES.length];
        for (int rep = 0; rep < 3; rep++) {
            for (int i = 0; i < MODES.length; i++) {
                DeepEnsemble e = DeepEnsemble.fit(FitRequest.builder(train)
                        .likelihood(Likelihood.HETEROSCEDASTIC_GAUSSIAN).network(spec).trainer(trainer).seed(SEED)
                        .build(), new EnsembleOptions(MEMBERS, MODES[i]));
                seconds[i][rep] = e.trainSeconds();
                if (kept[i] == null) {
                    kept[i] = e;
                } else {
                    e.close();
                }
            }
        }
        double sequential = Vectors.median(seconds[0]);
        for (int i = 0; i < MODES.length; i++) {
            try (DeepEnsemble e = kept[i]) {
                RegressionPredictive p = e.predictRegression(test);
                JsonLine line = new JsonLine("W3s", "ensemble", SEED)
                        .setting("network", "mlp 8-50-2 relu, heteroscedastic gaussian").setting("members", MEMBERS)
                        .setting("training", MODES[i].cliName()).setting("epochs", 40).setting("batch_size", 32)
                        .setting("optimizer", "adam").setting("lr", 1e-2).setting("prior_precision", 1.0)
                        .setting("data", "synthetic 8-feature table, seeds 21 (train) and 22 (test)")
                        .setting("train_rows", train.rows()).setting("test_rows", test.rows())
                        .setting("timing", "median of 3 alternating runs")
                        .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                line.metrics(PredictiveReports.regression(p, test.targets(), PredictiveReports.DEFAULT_LEVEL));
                line.time("train_total", Vectors.median(seconds[i]));
                if (MODES[i] == EnsembleTraining.VECTORIZED) {
                    line.time("train_total_sequential", sequential);
                    line.extra("ratio_train_sequential_over_vectorized", sequential / Vectors.median(seconds[i]));
                }
                line.print();
            }
        }
    }

    /**
     * A seeded regression table in the spirit of the UCI sets: x ~ N(0, I_8),
     * y = sin(x_0) + 0.5 x_1 x_2 + 0.3 x_3² - 0.4 x_4 + 0.2 x_5 + ε, ε ~ N(0, (0.1 + 0.2 |x_6|)²);
     * x_7 is pure noise.
     */
    static Dataset synthetic(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 8];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double[] v = new double[8];
            for (int j = 0; j < 8; j++) {
                v[j] = gaussian(r);
                x[i * 8 + j] = (float) v[j];
            }
            double mean = Math.sin(v[0]) + 0.5 * v[1] * v[2] + 0.3 * v[3] * v[3] - 0.4 * v[4] + 0.2 * v[5];
            y[i] = (float) (mean + (0.1 + 0.2 * Math.abs(v[6])) * gaussian(r));
        }
        return Dataset.regression(x, n, new int[] {8}, Dataset.defaultFeatureNames(8), y, "y");
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
