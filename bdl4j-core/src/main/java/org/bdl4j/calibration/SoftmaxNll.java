package org.bdl4j.calibration;

/** The mean cross-entropy of logits: (1/n) Σ_i [logsumexp(z_i) - z_{i,y_i}] (no floor, in nats). */
final class SoftmaxNll {
    private SoftmaxNll() {}

    static double mean(double[][] logits, int[] labels) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            sum += logSumExp(logits[i]) - logits[i][labels[i]];
        }
        return sum / logits.length;
    }

    /** log Σ_k exp(z_k), computed as m + log Σ_k exp(z_k - m) with m = max z. */
    static double logSumExp(double[] z) {
        double m = Logits.max(z);
        double s = 0;
        for (double v : z) {
            s += Math.exp(v - m);
        }
        return m + Math.log(s);
    }
}
