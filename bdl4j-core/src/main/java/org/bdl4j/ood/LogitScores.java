package org.bdl4j.ood;

/** The OOD scores of logits f (n x C, row-major), oriented so that higher means "more likely OOD". */
final class LogitScores {
    private LogitScores() {}

    /** −max_k f_k per row (Hendrycks et al., ICML 2022). */
    static double[] negativeMaxLogit(double[] logits, int classes) {
        int n = logits.length / classes;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = -max(logits, i * classes, classes);
        }
        return out;
    }

    /**
     * The free energy E(x) = −log Σ_k exp f_k per row at temperature 1 (Liu et al., NeurIPS 2020),
     * computed as −(m + log Σ_k exp(f_k − m)) with m = max_k f_k so that no exponential overflows.
     */
    static double[] energy(double[] logits, int classes) {
        int n = logits.length / classes;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int from = i * classes;
            double m = max(logits, from, classes);
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[from + k] - m);
            }
            out[i] = -(m + Math.log(sum));
        }
        return out;
    }

    private static double max(double[] v, int from, int length) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < length; k++) {
            m = Math.max(m, v[from + k]);
        }
        return m;
    }
}
