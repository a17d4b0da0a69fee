package org.bdl4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.ActiveOutputs;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;

/** The mean NLL of a network on a labelled set, in evaluation mode, in batches. */
final class Evaluation {
    static final int BATCH = 1024;

    private Evaluation() {}

    static double meanNll(Network net, Likelihood likelihood, Dataset data, float logSigma) {
        return meanNll(net, likelihood, data, logSigma, null);
    }

    /** The mean NLL with only {@code head}'s outputs active (null: all). */
    static double meanNll(Network net, Likelihood likelihood, Dataset data, float logSigma, ActiveOutputs head) {
        return Inputs.withoutGradients(() -> {
            double sum = 0;
            int n = data.rows();
            for (int from = 0; from < n; from += BATCH) {
                int to = Math.min(n, from + BATCH);
                try (NDManager batch = net.manager().newSubManager()) {
                    NDArray x = Inputs.rows(batch, data.features(), data.featureShape(), from, to);
                    NDArray y = Inputs.truth(batch, likelihood, data, null, from, to);
                    NDArray ls = Float.isNaN(logSigma) ? null : batch.full(new Shape(), logSigma, DataType.FLOAT32);
                    NDArray out = head == null ? net.forward(x, false) : head.apply(net.forward(x, false));
                    sum += Losses.meanNll(likelihood, out, y, ls).getFloat() * (to - from);
                }
            }
            return sum / n;
        });
    }
}
