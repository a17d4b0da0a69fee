package org.bdl4j.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bdl4j.continual.AccuracyMatrix;
import org.bdl4j.continual.ContinualLearner;
import org.bdl4j.continual.ContinualMethod;
import org.bdl4j.continual.ContinualTask;
import org.bdl4j.continual.FisherSettings;
import org.bdl4j.continual.Scenario;
import org.bdl4j.continual.TaskSequence;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Standardizer;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.options.OptionValues;

/**
 * CONTINUAL: continual learning on Fashion-MNIST as {@code bdl4j continual} runs it. The benchmark's
 * 55,000 training images (standardised per pixel on them) and the 10,000 test images become a task
 * sequence: {@code permuted:T} (domain-incremental), {@code split:5-task} (a head per pair of classes)
 * or {@code split:5-class} (one head). Network 784-256-256-10 ReLU, Adam lr 1e-3, batch 128,
 * {@value #EPOCHS} epochs per task (every row trained on, no early stopping), exact-Fisher curvature;
 * each method at each λ and seed. One JSON line per run: the average accuracy after the last task,
 * forgetting, backward transfer, the last row of the accuracy matrix and the seconds of training and of
 * curvature.
 */
final class ContinualFashion {
    static final int EPOCHS = 3;

    private ContinualFashion() {}

    static void run(Path dataDir, List<String> sequences, List<String> methods, List<Double> lambdas, int seeds) {
        FashionData data = FashionData.load(dataDir, true);
        Standardizer s = Standardizer.fit(data.train());
        Dataset train = s.apply(data.train());
        Dataset test = s.apply(data.test());
        List<ContinualMethod> chosen = (methods.isEmpty() ? List.of("finetune", "ewc", "online-ewc", "kfac-laplace",
                "joint") : methods).stream().map(ContinualMethod::parse).toList();
        for (String spec : sequences) {
            String[] parts = spec.split("-");
            TaskSequence sequence = TaskSequence.parse(parts[0], "sequences");
            Scenario scenario = parts.length > 1 ? Scenario.parse(parts[1]) : sequence.defaultScenario();
            for (int seed = 1; seed <= seeds; seed++) {
                List<ContinualTask> tasks = sequence.build(train, test, scenario, seed);
                OptionValues options = Methods.parseOptions(Map.of("hidden", "256,256", "arch", "mlp", "epochs",
                        Integer.toString(EPOCHS), "batch-size", "128", "validation-fraction", "0", "standardize", "none",
                        "seed", Integer.toString(seed)), List.of(Methods.get("map")));
                for (ContinualMethod m : chosen) {
                    boolean penalised = m != ContinualMethod.FINETUNE && m != ContinualMethod.JOINT;
                    for (double lambda : penalised ? lambdas : List.of(1.0)) {
                        ContinualLearner.Result r = ContinualLearner.run(tasks, new ContinualLearner.Settings(m, lambda,
                                1, FisherSettings.DEFAULT), rows -> FitRequest.fromOptions(rows, null, options).build(),
                                null);
                        print(spec, scenario, m, lambda, seed, r, penalised);
                    }
                }
            }
        }
    }

    private static void print(String spec, Scenario scenario, ContinualMethod m, double lambda, int seed,
            ContinualLearner.Result r, boolean penalised) {
        AccuracyMatrix a = r.matrix();
        JsonLine line = new JsonLine("CONTINUAL", m.cliName() + (penalised ? "(lambda=" + lambda + ")" : ""), seed)
                .setting("tasks", spec).setting("scenario", scenario.cliName())
                .setting("network", "mlp 784-256-256-10 relu, adam lr 1e-3, batch 128, " + EPOCHS + " epochs a task")
                .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        line.metric("average_accuracy", a.finalAverageAccuracy()).metric("forgetting", a.forgetting())
                .metric("backward_transfer", a.backwardTransfer());
        for (int t = 0; t < a.tasks().size(); t++) {
            line.metric("final_acc_task" + (t + 1), a.get(a.stages() - 1, t));
        }
        line.time("train", r.stages().stream().mapToDouble(ContinualLearner.Stage::trainSeconds).sum());
        line.time("curvature", r.stages().stream().mapToDouble(ContinualLearner.Stage::consolidateSeconds).sum());
        line.print();
    }
}
