package org.bdl4j.ensemble;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Scalars;
import org.bdl4j.nn.StackedMlp;
import org.bdl4j.train.EpochOrder;
import org.bdl4j.train.EpochRecord;
import org.bdl4j.train.FastGradientSign;
import org.bdl4j.train.Losses;
import org.bdl4j.train.MapTrainer;
import org.bdl4j.train.TrainingBudget;
import org.bdl4j.train.TrainingListener;
import org.bdl4j.train.TrainingResult;

/**
 * MAP training of the M members of a {@link StackedMlp} in lockstep: one forward and backward per
 * step for all members, each on its own minibatch (member m visits the rows in the order of
 * {@code EpochOrder(n, memberSeeds[m])}, as {@link MapTrainer} with that seed would). The loss is
 * Σ_m NLL_m (each a batch mean), so every member gets its own gradient; the optimiser is the
 * trainer's ({@link MapTrainer#optimizer}: the same kind, learning rate and coupled weight decay
 * λ/N), and the optional fast-gradient-sign term is the trainer's too. Early stopping is not
 * offered here (it would stop members at different epochs).
 */
final class VectorizedTrainer {
    private VectorizedTrainer() {}

    /** What the run did, and the fitted noise σ_m per member (NaN unless Gaussian). */
    record Result(TrainingResult training, double[] sigmaNoise) {}

    static Result train(StackedMlp net, Likelihood likelihood, Dataset train, Dataset validation, MapTrainer trainer,
            long[] memberSeeds, long dropoutSeed) {
        int members = net.members();
        int n = train.rows();
        if (n == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        if (memberSeeds.length != members) {
            throw new IllegalArgumentException("expected " + members + " member seeds, found " + memberSeeds.length);
        }
        double lambda = trainer.priorPrecision(n);
        Optimizer opt = trainer.optimizer(n);
        List<NDArray> params = net.parameters();
        NDArray logSigma = null;
        Optimizer noiseOpt = null;
        if (likelihood == Likelihood.GAUSSIAN) {
            float start = (float) Math.log(MapTrainer.initialSigma(train.targets()));
            logSigma = net.manager().full(new Shape(members), start, DataType.FLOAT32);
            logSigma.setRequiresGradient(true);
            noiseOpt = trainer.noiseOptimizer();
        }
        FastGradientSign adversary = trainer.adversarialEpsilon() > 0
                ? FastGradientSign.of(trainer.adversarialEpsilon(), train) : null;
        EpochOrder[] epochOrders = new EpochOrder[members];
        for (int m = 0; m < members; m++) {
            epochOrders[m] = new EpochOrder(n, memberSeeds[m]);
        }
        int batchSize = trainer.batchSize();
        int batches = (n + batchSize - 1) / batchSize;
        List<TrainingListener> listeners = trainer.listeners();
        int maxEpochs = trainer.budget().maxEpochs(batches);
        TrainingBudget.Run run = trainer.budget().start(batches);
        listeners.forEach(l -> l.onStart(maxEpochs, batches));
        net.seedDropout(dropoutSeed);
        List<EpochRecord> records = new ArrayList<>();
        int[][] orders = new int[members][];
        boolean stoppedEarly = false;
        MemberStopping stopping = MemberStopping.of(trainer, validation, members);
        long steps = 0;
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            for (int m = 0; m < members; m++) {
                orders[m] = epochOrders[m].next();
            }
            long t0 = System.nanoTime();
            double nllSum = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * batchSize;
                int to = Math.min(n, from + batchSize);
                double nll = step(net, likelihood, train, orders, from, to, logSigma, params, opt, noiseOpt,
                        adversary);
                nllSum += nll * (to - from);
                for (TrainingListener l : listeners) {
                    l.onBatch(epoch, b, nll);
                }
            }
            steps += batches;
            double valNll = Double.NaN;
            if (stopping != null) {
                valNll = stopping.record(epoch, steps, net, likelihood, validation, logSigma);
            }
            EpochRecord rec = new EpochRecord(epoch, nllSum / n, valNll, (System.nanoTime() - t0) / 1e9);
            records.add(rec);
            listeners.forEach(l -> l.onEpoch(rec));
            if (stopping != null && stopping.exhausted(epoch, steps)) {
                stoppedEarly = epoch < maxEpochs;
                break;
            }
            if (run.done(epoch, trainer.budget().fixed() ? rec.trainNll()
                    : rec.trainNll() + lambda / (2.0 * n) * squaredNorm(params) / members)) {
                break;
            }
        }
        if (stopping != null) {
            stopping.restoreBest(net, logSigma);
        }
        double[] sigma = new double[members];
        float[] ls = logSigma == null ? null : logSigma.toFloatArray();
        for (int m = 0; m < members; m++) {
            sigma[m] = ls == null ? Double.NaN : Math.exp(ls[m]);
        }
        if (logSigma != null) {
            logSigma.close();
        }
        int bestEpoch = stopping != null ? stopping.bestEpoch() : records.size();
        TrainingResult result = new TrainingResult(List.copyOf(records), bestEpoch, stoppedEarly, lambda, lambda / n,
                Double.NaN);
        listeners.forEach(l -> l.onEnd(result));
        return new Result(result, sigma);
    }

    /** Σ‖θ_m‖² over the members, from the stacked parameters. */
    private static double squaredNorm(List<NDArray> params) {
        double s = 0;
        for (NDArray p : params) {
            for (float v : p.toFloatArray()) {
                s += (double) v * v;
            }
        }
        return s;
    }

    /** One step for all members; returns the members' mean batch NLL. */
    private static double step(StackedMlp net, Likelihood likelihood, Dataset train, int[][] orders, int from, int to,
            NDArray logSigma, List<NDArray> params, Optimizer opt, Optimizer noiseOpt, FastGradientSign adversary) {
        try (NDManager batch = net.manager().newSubManager()) {
            NDArray x = Inputs.gatherStacked(batch, train.features(), train.featureShape(), orders, from, to);
            NDArray y = likelihood == Likelihood.CATEGORICAL
                    ? Inputs.labelsStacked(batch, train.labels(), orders, from, to)
                    : Inputs.targetsStacked(batch, train.targets(), orders, from, to);
            if (adversary != null) {
                x.setRequiresGradient(true);
            }
            double nll;
            try (GradientCollector gc = Inputs.gradientCollector()) {
                NDArray loss = sumOfMemberLosses(likelihood, net.forward(x, true), y, logSigma);
                gc.backward(loss);
                nll = loss.getFloat() / net.members();
                if (adversary != null) {
                    NDArray xAdv = adversary.perturb(x, x.getGradient());
                    gc.backward(sumOfMemberLosses(likelihood, net.forward(xAdv, true), y, logSigma));
                }
            }
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                NDArray g = p.getGradient();
                g.attach(batch);
                opt.update("stacked" + i, p, g);
            }
            if (logSigma != null) {
                NDArray g = logSigma.getGradient();
                g.attach(batch);
                noiseOpt.update("log_sigma", logSigma, g);
            }
            if (!Double.isFinite(nll)) {
                throw new IllegalStateException("training diverged: the batch NLL is " + nll
                        + " (try a smaller learning rate)");
            }
            return nll;
        }
    }

    /**
     * Σ_m of member m's batch-mean NLL, for outputs [M, B, o] and targets [M, B] (log σ of shape [M]
     * for the Gaussian). All members have the same B, so the mean over the M·B rows times M is that sum.
     */
    static NDArray sumOfMemberLosses(Likelihood likelihood, NDArray out, NDArray y, NDArray logSigma) {
        long m = out.getShape().get(0);
        long b = out.getShape().get(1);
        if (likelihood == Likelihood.GAUSSIAN) {
            return Losses.gaussian(out.reshape(m, b), y, logSigma).sum();
        }
        NDArray mean = Losses.meanNll(likelihood, out.reshape(m * b, out.getShape().get(2)), y.reshape(m * b), null);
        return mean.mul(Scalars.like(mean, m));
    }
}
