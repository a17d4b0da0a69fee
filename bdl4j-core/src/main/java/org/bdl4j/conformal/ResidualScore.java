package org.bdl4j.conformal;

import org.bdl4j.RegressionPredictive;

/**
 * Residual scores |y - μ(x)| / w(x) with intervals μ ± t w(x): w = 1 ({@link #ABSOLUTE}) or w = σ(x),
 * the predictive standard deviation ({@link #NORMALIZED}, which needs σ &gt; 0 on every row).
 */
final class ResidualScore implements RegressionScore {
    private static final long serialVersionUID = 1L;

    static final ResidualScore ABSOLUTE = new ResidualScore("absolute");
    static final ResidualScore NORMALIZED = new ResidualScore("normalized");

    private final String name;

    private ResidualScore(String name) {
        this.name = name;
    }

    /** Serialised copies (a predictor shipped to Spark executors) resolve to the one instance per kind. */
    private Object readResolve() {
        return "absolute".equals(name) ? ABSOLUTE : NORMALIZED;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    private double[] widths(RegressionPredictive p) {
        int n = p.size();
        double[] w = new double[n];
        if (this == ABSOLUTE) {
            java.util.Arrays.fill(w, 1.0);
            return w;
        }
        double[] sd = p.std();
        for (int i = 0; i < n; i++) {
            if (!(sd[i] > 0) || !Double.isFinite(sd[i])) {
                throw new IllegalArgumentException("std[" + i + "] = " + sd[i]
                        + ": the normalized score needs a finite predictive standard deviation > 0");
            }
        }
        return sd;
    }

    @Override
    public double[] scores(RegressionPredictive p, double[] targets, double alpha) {
        ConformalChecks.targets(targets, p.size());
        double[] w = widths(p);
        double[] mu = p.mean();
        double[] s = new double[targets.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.abs(targets[i] - mu[i]) / w[i];
        }
        return s;
    }

    @Override
    public RegressionPredictive.Interval intervals(RegressionPredictive p, double threshold, double alpha) {
        double[] w = widths(p);
        double[] mu = p.mean();
        double[] lo = new double[mu.length];
        double[] hi = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            lo[i] = mu[i] - threshold * w[i];
            hi[i] = mu[i] + threshold * w[i];
        }
        return new RegressionPredictive.Interval(lo, hi, 1 - alpha);
    }
}
