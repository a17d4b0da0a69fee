package org.bdl4j.mcmc;

/**
 * The draws of Q scalar quantities along C chains of n kept draws each (values[q][c][d]), summarised
 * by the worst split R̂ and the smallest effective sample size over the quantities
 * ({@link ChainDiagnostics}); both are NaN with fewer than 4 draws per chain.
 */
final class ChainTraces {
    private final double[][][] values;

    ChainTraces(int quantities, int chains, int draws) {
        values = new double[quantities][chains][draws];
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
