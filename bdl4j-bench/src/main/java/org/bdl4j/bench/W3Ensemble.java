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
import org.bdl4j.nn.TaskPool;
import org.bdl4j.train.MapTrainer;

/**
 * W3 of docs/benchmarks.md: deep ensembles trained one member after the other on one worker, on the
 * workers of {@link TaskPool} (inter-op parallelism), and vectorised; one JSON line per way, the later
 * lines carrying their training time over the first's, measured in the same run.
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
    /**
     * The ways of training compared: members one after the other on one worker (the in-run baseline),
     * members on the workers of {@link TaskPool}'s default rule, and vectorised.
     */
    private static final Variant[] MODES = {new Variant(EnsembleTraining.SEQUENTIAL, "1"),
        new Variant(EnsembleTraining.SEQUENTIAL, "auto"), new Variant(EnsembleTraining.VECTORIZED, "auto")};

    /** A training mode with a {@link TaskPool#PROPERTY} setting. */
    record Variant(EnsembleTraining mode, String tasks) {
        DeepEnsemble fit(FitRequest request, int members) {
            String before = System.getProperty(TaskPool.PROPERTY);
            System.setProperty(TaskPool.PROPERTY, tasks);
            try {
                return DeepEnsemble.fit(request, new EnsembleOptions(members, mode));
            } finally {
                if (before == null) {
                    System.clearProperty(TaskPool.PROPERTY);
                } else {
                    System.setProperty(TaskPool.PROPERTY, before);
                }
            }
        }

        int workers(int members) {
            return mode == EnsembleTraining.VECTORIZED ? 1
                    : TaskPool.workers(members, TaskPool.intraOpThreads(), tasks);
        }

        String label() {
            return mode.cliName() + (mode == EnsembleTraining.VECTORIZED ? "" : "-" + (tasks.equals("1") ? "1-worker"
                    : "workers"));
        }
    }

    private W3Ensemble() {}

    static void runFashion(Path dataDir, int epochs) {
        FashionData data = FashionData.load(dataDir, true);
        MapTrainer trainer = W1MapTraining.trainer(epochs).build();
        double baseline = Double.NaN;
        for (Variant v : MODES) {
            try (DeepEnsemble e = v.fit(FitRequest.builder(data.train()).likelihood(Likelihood.CATEGORICAL)
                    .network(W1MapTraining.spec()).standardize(false).trainer(trainer).seed(SEED).build(), MEMBERS)) {
                e.predictClasses(data.test().slice(0, 256));
                long p0 = System.nanoTime();
                ClassificationPredictive p = e.predictClasses(data.test());
                double predict = (System.nanoTime() - p0) / 1e9;
                JsonLine line = new JsonLine("W3", "ensemble", SEED)
                        .setting("network", "mlp 784-256-256-10 relu dropout 0.1").setting("members", MEMBERS)
                        .setting("training", v.label()).setting("workers", v.workers(MEMBERS))
                        .setting("epochs", epochs).setting("batch_size", 128)
                        .setting("optimizer", "adam").setting("lr", 1e-3)
                        .setting("weight_decay", W1MapTraining.WEIGHT_DECAY)
                        .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                line.metrics(ClassificationReport.of(p.probabilities(), data.test().labels()).toMap());
                W1MapTraining.addOod(line, e, p, data.ood(), OodScore.MSP, OodScore.ENTROPY,
                        OodScore.MUTUAL_INFORMATION);
                line.time("train_total", e.trainSeconds());
                line.time("predict_10k", predict);
                if (Double.isNaN(baseline)) {
                    baseline = e.trainSeconds();
                } else {
                    line.time("train_total_sequential_1_worker", baseline);
                    line.extra("ratio_train_over_sequential_1_worker", e.trainSeconds() / baseline);
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
        for (Variant v : MODES) { // warm-up
            v.fit(FitRequest.builder(train).likelihood(Likelihood.HETEROSCEDASTIC_GAUSSIAN).network(spec)
                    .trainer(MapTrainer.builder().optEpochs(2).optBatchSize(32).build()).seed(SEED).build(), 2).close();
        }
        double[][] seconds = new double[MODES.length][3];
        DeepEnsemble[] kept = new DeepEnsemble[MODES.length];
        for (int rep = 0; rep < 3; rep++) {
            for (int i = 0; i < MODES.length; i++) {
                DeepEnsemble e = MODES[i].fit(FitRequest.builder(train).likelihood(Likelihood.HETEROSCEDASTIC_GAUSSIAN)
                        .network(spec).trainer(trainer).seed(SEED).build(), MEMBERS);
                seconds[i][rep] = e.trainSeconds();
                if (kept[i] == null) {
                    kept[i] = e;
                } else {
                    e.close();
                }
            }
        }
        double baseline = Vectors.median(seconds[0]);
        for (int i = 0; i < MODES.length; i++) {
            try (DeepEnsemble e = kept[i]) {
                RegressionPredictive p = e.predictRegression(test);
                JsonLine line = new JsonLine("W3s", "ensemble", SEED)
                        .setting("network", "mlp 8-50-2 relu, heteroscedastic gaussian").setting("members", MEMBERS)
                        .setting("training", MODES[i].label()).setting("workers", MODES[i].workers(MEMBERS))
                        .setting("epochs", 40).setting("batch_size", 32)
                        .setting("optimizer", "adam").setting("lr", 1e-2).setting("prior_precision", 1.0)
                        .setting("data", "synthetic 8-feature table, seeds 21 (train) and 22 (test)")
                        .setting("train_rows", train.rows()).setting("test_rows", test.rows())
                        .setting("timing", "median of 3 alternating runs")
                        .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
                line.metrics(PredictiveReports.regression(p, test.targets(), PredictiveReports.DEFAULT_LEVEL));
                line.time("train_total", Vectors.median(seconds[i]));
                if (i > 0) {
                    line.time("train_total_sequential_1_worker", baseline);
                    line.extra("ratio_train_over_sequential_1_worker", Vectors.median(seconds[i]) / baseline);
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
