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
 * each method at each λ and seed, or ({@code --choose-lambda}) at the λ of {@code --lambdas} whose run
 * on the same sequence built from the first 50,000 training images, evaluated on the last 5,000 (never
 * the test images), ends with the highest average accuracy. One JSON line per run: the average accuracy after the last task,
 * forgetting, backward transfer, the last row of the accuracy matrix and the seconds of training and of
 * curvature.
 */
final class ContinualFashion {
    static final int EPOCHS = 3;
    /** Training images held out to choose λ (the last ones of the 55,000), with {@code --choose-lambda}. */
    static final int VALIDATION_ROWS = 5_000;

    private ContinualFashion() {}

    static void run(Path dataDir, List<String> sequences, List<String> methods, List<Double> lambdas, int firstSeed,
            int seeds, boolean chooseLambda) {
        FashionData data = FashionData.load(dataDir, true);
        Standardizer s = Standardizer.fit(data.train());
        Dataset train = s.apply(data.train());
        Dataset test = s.apply(data.test());
        Dataset fit = train.slice(0, train.rows() - VALIDATION_ROWS);
        Dataset validation = train.slice(train.rows() - VALIDATION_ROWS, train.rows());
        List<ContinualMethod> chosen = (methods.isEmpty() ? List.of("finetune", "ewc", "online-ewc", "kfac-laplace",
                "joint") : methods).stream().map(ContinualMethod::parse).toList();
        for (String spec : sequences) {
            String[] parts = spec.split("-");
            TaskSequence sequence = TaskSequence.parse(parts[0], "sequences");
            Scenario scenario = parts.length > 1 ? Scenario.parse(parts[1]) : sequence.defaultScenario();
            for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
                List<ContinualTask> tasks = sequence.build(train, test, scenario, seed);
                List<ContinualTask> selection = chooseLambda ? sequence.build(fit, validation, scenario, seed) : null;
                OptionValues options = Methods.parseOptions(Map.of("hidden", "256,256", "arch", "mlp", "epochs",
                        Integer.toString(EPOCHS), "batch-size", "128", "validation-fraction", "0", "standardize", "none",
                        "seed", Integer.toString(seed)), List.of(Methods.get("map")));
                for (ContinualMethod m : chosen) {
                    boolean penalised = m != ContinualMethod.FINETUNE && m != ContinualMethod.JOINT;
                    List<Double> grid = penalised ? lambdas : List.of(1.0);
                    if (chooseLambda && penalised) {
                        double best = Double.NaN;
                        double bestAccuracy = -1;
                        for (double lambda : grid) {
                            double accuracy = run(selection, m, lambda, options).matrix().finalAverageAccuracy();
                            System.err.printf(java.util.Locale.ROOT, "continual %s seed %d %s lambda %s: validation"
                                    + " average accuracy %.4f%n", spec, seed, m.cliName(), lambda, accuracy);
                            if (accuracy > bestAccuracy) {
                                bestAccuracy = accuracy;
                                best = lambda;
                            }
                        }
                        print(spec, scenario, m, best, seed, run(tasks, m, best, options), true,
                                "the best of " + grid + " on the last " + VALIDATION_ROWS + " training images",
                                bestAccuracy);
                        continue;
                    }
                    for (double lambda : grid) {
                        print(spec, scenario, m, lambda, seed, run(tasks, m, lambda, options), penalised, null,
                                Double.NaN);
                    }
                }
            }
        }
    }

    private static ContinualLearner.Result run(List<ContinualTask> tasks, ContinualMethod m, double lambda,
            OptionValues options) {
        return ContinualLearner.run(tasks, new ContinualLearner.Settings(m, lambda, 1, FisherSettings.DEFAULT),
                rows -> FitRequest.fromOptions(rows, null, options).build(), null);
    }

    private static void print(String spec, Scenario scenario, ContinualMethod m, double lambda, int seed,
            ContinualLearner.Result r, boolean penalised, String lambdaChosenBy, double validationAccuracy) {
        AccuracyMatrix a = r.matrix();
        JsonLine line = new JsonLine("CONTINUAL", m.cliName() + (penalised ? "(lambda=" + lambda + ")" : ""), seed)
                .setting("tasks", spec).setting("scenario", scenario.cliName())
                .setting("network", "mlp 784-256-256-10 relu, adam lr 1e-3, batch 128, " + EPOCHS + " epochs a task")
                .setting("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        if (lambdaChosenBy != null) {
            line.setting("lambda_chosen_by", lambdaChosenBy);
            line.metric("validation_average_accuracy", validationAccuracy);
        }
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
