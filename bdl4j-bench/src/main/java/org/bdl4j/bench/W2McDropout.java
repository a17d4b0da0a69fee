package org.bdl4j.bench;

import java.nio.file.Path;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.dropout.McDropout;
import org.bdl4j.dropout.McDropoutOptions;
import org.bdl4j.dropout.SamplingMode;
import org.bdl4j.math.Vectors;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.MapMethod;
import org.bdl4j.metrics.ClassificationReport;
import org.bdl4j.ood.OodScore;
import org.bdl4j.train.MapPosterior;

/**
 * W2 of docs/benchmarks.md: MC dropout with T = 100 passes over the 10,000 test images, on the W1 network
 * trained for the first epoch budget. Times the three forms on the same posterior ({@link SamplingMode}:
 * the loop of T full forwards, and the batched forms with the first layer computed once and masks
 * per row or per pass), reports the ratio batched / loop, and the default (batched) predictive's
 * test metrics and OOD AUROC by MSP, predictive entropy and mutual information. Each form is timed
 * three times, the forms alternating, and the median is reported (the machines are shared and noisy).
 */
final class W2McDropout {
    static final int SAMPLES = 100;
    static final int REPEATS = 3;

    private W2McDropout() {}

    static void run(Path dataDir, int epochs) {
        FashionData data = FashionData.load(dataDir, true);
        long t0 = System.nanoTime();
        try (MapPosterior map = MapMethod.train(FitRequest.builder(data.train()).likelihood(Likelihood.CATEGORICAL)
                .network(W1MapTraining.spec()).standardize(false).trainer(W1MapTraining.trainer(epochs).build())
                .seed(W1MapTraining.SEED).build());
                McDropout mc = McDropout.of(map, McDropoutOptions.builder().optSamples(SAMPLES).build())) {
            double fitSeconds = (System.nanoTime() - t0) / 1e9;
            Dataset test = data.test();
            for (SamplingMode mode : SamplingMode.values()) { // warm-up of every code path
                mc.predict(test.slice(0, 256), mode);
            }
            SamplingMode[] modes = {SamplingMode.BATCHED, SamplingMode.BATCHED_PER_ROW, SamplingMode.LOOP};
            double[][] times = new double[modes.length][REPEATS];
            for (int rep = 0; rep < REPEATS; rep++) {
                for (int i = 0; i < modes.length; i++) {
                    times[i][rep] = seconds(mc, test, modes[i]);
                }
            }
            double batched = Vectors.median(times[0]);
            double perRow = Vectors.median(times[1]);
            double loop = Vectors.median(times[2]);
            ClassificationPredictive p = mc.predict(test, SamplingMode.BATCHED).asClassification();
            ClassificationPredictive pLoop = mc.predict(test, SamplingMode.LOOP).asClassification();
            JsonLine line = new JsonLine("W2", "mc-dropout", W1MapTraining.SEED)
                    .setting("network", "mlp 784-256-256-10 relu dropout 0.1")
                    .setting("epochs", epochs).setting("batch_size", 128).setting("optimizer", "adam")
                    .setting("lr", 1e-3).setting("weight_decay", W1MapTraining.WEIGHT_DECAY)
                    .setting("samples", SAMPLES).setting("rate", mc.rate())
                    .setting("max_rows_per_forward", mc.options().maxRowsPerForward())
                    .setting("default_sampling", SamplingMode.BATCHED.cliName())
                    .setting("test_rows", test.rows()).setting("timing", "median of 3 alternating runs")
                    .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
            line.metrics(ClassificationReport.of(p.probabilities(), test.labels()).toMap());
            W1MapTraining.addOod(line, mc, p, data.ood(), OodScore.MSP, OodScore.ENTROPY,
                    OodScore.MUTUAL_INFORMATION);
            ClassificationReport loopReport = ClassificationReport.of(pLoop.probabilities(), test.labels());
            line.metric("loop_accuracy", loopReport.accuracy()).metric("loop_nll", loopReport.nll());
            line.time("train_total", fitSeconds);
            line.time("batched", batched);
            line.time("batched_per_row", perRow);
            line.time("loop", loop);
            line.extra("ratio_batched_over_loop", batched / loop);
            line.extra("ratio_batched_per_row_over_loop", perRow / loop);
            line.print();
        }
    }

    private static double seconds(McDropout mc, Dataset test, SamplingMode mode) {
        long t0 = System.nanoTime();
        mc.predict(test, mode);
        return (System.nanoTime() - t0) / 1e9;
    }
}
