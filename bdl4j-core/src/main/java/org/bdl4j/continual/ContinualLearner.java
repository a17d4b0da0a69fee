package org.bdl4j.continual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.nn.ActiveOutputs;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.Seeds;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingResult;

/**
 * Learns a sequence of tasks with one network and measures forgetting: for each task in turn, MAP
 * training on its rows from the previous weights (with the method's penalty on the weights and the
 * task's head), then the {@link Consolidation} of what was learnt, then the test accuracy on every task
 * (a row of the {@link AccuracyMatrix}).
 *
 * <p>Training follows the request that {@code requests} builds from each stage's rows: its trainer
 * (budget, batch size, learning rate, isotropic prior λ/N as weight decay, early stopping on its
 * validation rows) and its network structure (from the first stage). The seed of stage t's data order
 * is derived from the request's seed and t. The curvature of a task is computed on all of its training
 * rows, at the weights training kept.
 */
public final class ContinualLearner {
    private static final int EVAL_BATCH = 1024;

    private ContinualLearner() {}

    /**
     * The method and its settings.
     *
     * @param lambda the penalty's strength λ (1: the Laplace approximation's own scale); ignored by
     *     finetune and joint
     * @param decay online EWC's γ in (0, 1]
     * @param fisher how each task's curvature is computed
     */
    public record Settings(ContinualMethod method, double lambda, double decay, FisherSettings fisher) {
        public Settings {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(fisher, "fisher");
            QuadraticConsolidation.checkLambda(lambda);
            DiagonalConsolidation.checkDecay(decay);
        }

        /** {@code method} with λ = 1, γ = 1 and the exact Fisher. */
        public static Settings of(ContinualMethod method) {
            return new Settings(method, 1, 1, FisherSettings.DEFAULT);
        }

        Consolidation consolidation() {
            return switch (method) {
                case FINETUNE, JOINT -> Consolidation.none();
                case EWC -> DiagonalConsolidation.ewc(lambda, fisher);
                case ONLINE_EWC -> DiagonalConsolidation.online(lambda, decay, fisher);
                case KFAC_LAPLACE -> new KroneckerConsolidation(lambda, fisher);
            };
        }
    }

    /**
     * One stage: training on {@code task} (index {@code stage}, 0-based), then the accuracies on every
     * task.
     */
    public record Stage(int stage, String task, double[] accuracies, TrainingResult training, double trainSeconds,
            double consolidateSeconds) {}

    /** The run: the matrix and each stage's record. */
    public record Result(ContinualMethod method, AccuracyMatrix matrix, List<Stage> stages) {}

    /**
     * Runs the tasks in order.
     *
     * @param requests builds a stage's training request from its rows (in network units)
     * @param progress told after each stage, or null
     */
    public static Result run(List<ContinualTask> tasks, Settings settings, Function<Dataset, FitRequest> requests,
            Consumer<Stage> progress) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no tasks to learn");
        }
        int classes = tasks.get(0).train().numClasses();
        Network net = null;
        List<Stage> stages = new ArrayList<>();
        double[][] rows = new double[tasks.size()][];
        try (Consolidation consolidation = settings.consolidation()) {
            for (int t = 0; t < tasks.size(); t++) {
                ContinualTask task = tasks.get(t);
                boolean joint = settings.method() == ContinualMethod.JOINT;
                Dataset stageRows = joint ? union(tasks.subList(0, t + 1)) : task.train();
                ActiveOutputs head = joint ? unionHead(tasks.subList(0, t + 1)) : task.head();
                FitRequest request = requests.apply(stageRows);
                if (net == null) {
                    net = Network.create(request.network().withOutputs(classes), DropoutMode.STANDARD,
                            request.seed());
                }
                MapTrainer trainer = request.trainer().toBuilder().optSeed(Seeds.derive(request.seed(), t))
                        .optPenalty(consolidation.penalty()).optHead(head).build();
                long t0 = System.nanoTime();
                TrainingResult training = trainer.train(net, Likelihood.CATEGORICAL, request.train(),
                        request.validation().orElse(null));
                long t1 = System.nanoTime();
                consolidation.consolidate(net, task);
                long t2 = System.nanoTime();
                double[] acc = new double[tasks.size()];
                for (int j = 0; j < tasks.size(); j++) {
                    acc[j] = accuracy(net, tasks.get(j));
                }
                rows[t] = acc;
                Stage s = new Stage(t, task.name(), acc.clone(), training, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
                stages.add(s);
                if (progress != null) {
                    progress.accept(s);
                }
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
        List<String> names = tasks.stream().map(ContinualTask::name).toList();
        return new Result(settings.method(), new AccuracyMatrix(names, rows), List.copyOf(stages));
    }

    /** The share of the task's test rows whose arg-max over the task's head (or every output) is the label. */
    public static double accuracy(Network net, ContinualTask task) {
        Dataset test = task.test();
        int[] labels = test.labels();
        return Inputs.withoutGradients(() -> {
            long correct = 0;
            for (int from = 0; from < test.rows(); from += EVAL_BATCH) {
                int to = Math.min(test.rows(), from + EVAL_BATCH);
                try (NDManager m = net.manager().newSubManager()) {
                    NDArray x = Inputs.rows(m, test.features(), test.featureShape(), from, to);
                    NDArray f = net.forward(x, false);
                    if (task.head() != null) {
                        f = task.head().apply(f);
                    }
                    long[] predicted = f.argMax(1).toLongArray();
                    for (int i = 0; i < predicted.length; i++) {
                        if (predicted[i] == labels[from + i]) {
                            correct++;
                        }
                    }
                }
            }
            return (double) correct / test.rows();
        });
    }

    private static Dataset union(List<ContinualTask> tasks) {
        Dataset first = tasks.get(0).train();
        int d = first.featureCount();
        int n = tasks.stream().mapToInt(t -> t.train().rows()).sum();
        float[] x = new float[n * d];
        int[] y = new int[n];
        int off = 0;
        for (ContinualTask t : tasks) {
            Dataset rows = t.train();
            System.arraycopy(rows.features(), 0, x, off * d, rows.rows() * d);
            System.arraycopy(rows.labels(), 0, y, off, rows.rows());
            off += rows.rows();
        }
        return Dataset.classification(x, n, first.featureShape(), first.featureNames(), y, first.classNames(),
                first.targetName()).withOrigin(first.origin());
    }

    private static ActiveOutputs unionHead(List<ContinualTask> tasks) {
        if (tasks.get(0).head() == null) {
            return null;
        }
        int[] classes = tasks.stream().flatMapToInt(t -> Arrays.stream(t.head().classes())).distinct().sorted()
                .toArray();
        return ActiveOutputs.of(tasks.get(0).head().outputs(), classes);
    }

}
