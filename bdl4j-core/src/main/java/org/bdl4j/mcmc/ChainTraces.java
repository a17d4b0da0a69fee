package org.bdl4j.mcmc;

import java.util.List;

/**
 * The draws of Q scalar quantities along C chains of n kept draws each (values[q][c][d]), summarised
 * by the worst split R̂ and the smallest effective sample size over the quantities
 * ({@link ChainDiagnostics}); both are NaN with fewer than 4 draws per chain.
 */
final class ChainTraces implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final double[][][] values;

    ChainTraces(int quantities, int chains, int draws) {
        values = new double[quantities][chains][draws];
    }

    private ChainTraces(double[][][] values) {
        this.values = values;
    }

    /** The chains of {@code parts} (the same quantities and draws) one after the other. */
    static ChainTraces joined(List<ChainTraces> parts) {
        int quantities = parts.get(0).values.length;
        int chains = 0;
        for (ChainTraces t : parts) {
            chains += t.values[0].length;
        }
        double[][][] out = new double[quantities][chains][];
        for (int q = 0; q < quantities; q++) {
            int c = 0;
            for (ChainTraces t : parts) {
                for (double[] chain : t.values[q]) {
                    out[q][c++] = chain;
                }
            }
        }
        return new ChainTraces(out);
    }

    void record(int chain, int draw, int quantity, double value) {
        values[quantity][chain][draw] = value;
    }

    /** max_q split R̂ of quantity q; constant quantities (R̂ undefined) are skipped. */
    double worstSplitRhat() {
        if (!diagnosable()) {
            return Double.NaN;
        }
        double worst = 0;
        for (double[][] q : values) {
            double r = ChainDiagnostics.splitRhat(q);
            worst = Double.isNaN(r) ? worst : Math.max(worst, r);
        }
        return worst;
    }

    /** min_q ESS of quantity q over all chains. */
    double minEffectiveSampleSize() {
        if (!diagnosable()) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        for (double[][] q : values) {
            min = Math.min(min, ChainDiagnostics.effectiveSampleSize(q));
        }
        return min;
    }

    private boolean diagnosable() {
        return values.length > 0 && values[0][0].length >= 4;
    }
}
