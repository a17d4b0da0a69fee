package org.bdl4j.calibration;

import org.bdl4j.math.Softmax;

/**
 * The mean cross-entropy of logits: (1/n) Σ_i [logsumexp(z_i) - z_{i,y_i}] (no floor, in nats),
 * with {@link Softmax#logSumExp}.
 */
final class SoftmaxNll {
    private SoftmaxNll() {}

    static double mean(double[][] logits, int[] labels) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            sum += Softmax.logSumExp(logits[i]) - logits[i][labels[i]];
        }
        return sum / logits.length;
    }
}
