package org.bdl4j.ensemble;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.FlatParameters;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.StackedMlp;
import org.bdl4j.train.EarlyStopping;
import org.bdl4j.train.Losses;
import org.bdl4j.train.MapTrainer;

/**
 * Early stopping of the members of a vectorised ensemble, each on its own validation NLL, as
 * {@link MapTrainer} stops one network ({@link EarlyStopping}): each member keeps the weights (and
 * noise σ) of its best epoch; training ends once every member has gone its patience past its best,
 * and each member is then put back to its best.
 */
final class MemberStopping {
    private final EarlyStopping[] rules;
    private final List<float[]> best;
    private final float[] bestLogSigma;
    private final boolean[] done;

    private MemberStopping(EarlyStopping[] rules) {
        this.rules = rules;
        this.best = new ArrayList<>();
        for (int m = 0; m < rules.length; m++) {
            best.add(null);
        }
        this.bestLogSigma = new float[rules.length];
        this.done = new boolean[rules.length];
    }

    /** The latest of the members' best epochs: the last epoch whose weights (of some member) were kept. */
    int bestEpoch() {
        int best = 0;
        for (EarlyStopping r : rules) {
            best = Math.max(best, r.bestEpoch());
        }
        return best;
    }

    /** The members' stopping, or null when the trainer does not stop early with these validation rows. */
    static MemberStopping of(MapTrainer trainer, Dataset validation, int members) {
        if (trainer.earlyStopping(validation != null) == null) {
            return null;
        }
        EarlyStopping[] rules = new EarlyStopping[members];
        for (int m = 0; m < members; m++) {
            rules[m] = trainer.earlyStopping(true);
        }
        return new MemberStopping(rules);
    }

    /**
     * Measures every member's mean validation NLL after {@code epoch}, keeps the weights of those at a
     * new best, and returns the members' mean validation NLL.
     */
    double record(int epoch, long steps, StackedMlp net, Likelihood likelihood, Dataset validation,
            NDArray logSigma) {
        double[] nll = validationNlls(net, likelihood, validation, logSigma);
        float[] ls = logSigma == null ? null : logSigma.toFloatArray();
        double mean = 0;
        for (int m = 0; m < rules.length; m++) {
            mean += nll[m] / rules.length;
            if (!done[m] && rules[m].record(epoch, steps, nll[m])) {
                best.set(m, net.member(m));
                bestLogSigma[m] = ls == null ? Float.NaN : ls[m];
            }
        }
        return mean;
    }

    /**
     * Whether every member has gone its patience past its best epoch. A member that has is done: later
     * epochs, while the others train on, no longer count for it (as if it had stopped alone).
     */
    boolean exhausted(int epoch, long steps) {
        boolean all = true;
        for (int m = 0; m < rules.length; m++) {
            done[m] |= rules[m].exhausted(epoch, steps);
            all &= done[m];
        }
        return all;
    }

    /** Puts every member that had a best epoch back to it (weights and log σ). */
    void restoreBest(StackedMlp net, NDArray logSigma) {
        List<float[]> thetas = new ArrayList<>();
        for (int m = 0; m < rules.length; m++) {
            thetas.add(best.get(m) != null ? best.get(m) : net.member(m));
        }
        net.set(thetas);
        if (logSigma != null) {
            float[] ls = logSigma.toFloatArray();
            for (int m = 0; m < rules.length; m++) {
                if (best.get(m) != null) {
                    ls[m] = bestLogSigma[m];
                }
            }
            FlatParameters.write(logSigma, ls, 0, ls.length);
        }
    }

    /** Each member's mean NLL on the validation rows (network units), in evaluation mode. */
    private static double[] validationNlls(StackedMlp net, Likelihood likelihood, Dataset validation,
            NDArray logSigma) {
        return Inputs.withoutGradients(() -> {
            int members = net.members();
            int v = validation.rows();
            double[] sum = new double[members];
            for (int from = 0; from < v; from += BATCH) {
                int to = Math.min(v, from + BATCH);
                try (NDManager batch = net.manager().newSubManager()) {
                    NDArray x = Inputs.rows(batch, validation.features(), validation.featureShape(), from, to);
                    NDArray out = net.forward(x, false); // [M, B, outputs]
                    NDArray y = Inputs.truth(batch, likelihood, validation, null, from, to);
                    float[] nll = Losses.memberMeanNll(likelihood, out, y, logSigma).toFloatArray();
                    for (int m = 0; m < members; m++) {
                        sum[m] += nll[m] * (double) (to - from);
                    }
                }
            }
            for (int m = 0; m < members; m++) {
                sum[m] /= v;
            }
            return sum;
        });
    }

    private static final int BATCH = 1024;
}
