package org.bdl4j.conformal;

import org.bdl4j.RegressionPredictive;

/**
 * CQR (Romano, Patterson and Candès, "Conformalized quantile regression", NeurIPS 2019) on the
 * posterior's own predictive quantiles: q_lo = Q_x(α/2), q_hi = Q_x(1 - α/2)
 * ({@link RegressionPredictive#quantile}; for a Gaussian predictive μ ∓ σ Φ⁻¹(1 - α/2)), score
 * s = max(q_lo - y, y - q_hi) (negative inside the band), interval [q_lo - t, q_hi + t].
 */
final class CqrScore implements RegressionScore {
    private static final long serialVersionUID = 1L;

    /** Serialised copies resolve to the one instance. */
    private Object readResolve() {
        return INSTANCE;
    }

    static final CqrScore INSTANCE = new CqrScore();

    private CqrScore() {}

    @Override
    public String name() {
        return "cqr";
    }

    @Override
    public double[] scores(RegressionPredictive p, double[] targets, double alpha) {
        ConformalChecks.targets(targets, p.size());
        double[] lo = p.quantile(alpha / 2);
        double[] hi = p.quantile(1 - alpha / 2);
        double[] s = new double[targets.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.max(lo[i] - targets[i], targets[i] - hi[i]);
        }
        return s;
    }

    @Override
    public RegressionPredictive.Interval intervals(RegressionPredictive p, double threshold, double alpha) {
        double[] lo = p.quantile(alpha / 2);
        double[] hi = p.quantile(1 - alpha / 2);
        for (int i = 0; i < lo.length; i++) {
            lo[i] -= threshold;
            hi[i] += threshold;
        }
        return new RegressionPredictive.Interval(lo, hi, 1 - alpha);
    }

    @Override
    public String toString() {
        return "cqr";
    }
}
