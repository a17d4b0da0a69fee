package org.bdl4j.metrics;

import java.util.Arrays;

/**
 * A risk-coverage curve of selective prediction (Geifman and El-Yaniv, NeurIPS 2017): point i says
 * that keeping the {@code coverage[i] * n} most confident samples gives the error rate
 * {@code risk[i]} on them. Coverage increases strictly to 1. Built by
 * {@link SelectiveMetrics#riskCoverage}; the arrays are copied in and out.
 *
 * @param coverage the fraction of samples kept at each point, increasing, last 1
 * @param risk the error rate among the kept samples at each point
 */
public record RiskCoverageCurve(double[] coverage, double[] risk) {

    /** Copies the arrays and checks they have the same, non-zero length. */
    public RiskCoverageCurve {
        if (coverage.length != risk.length || coverage.length == 0) {
            throw new IllegalArgumentException("coverage has " + coverage.length + " entries, risk has "
                    + risk.length + ", expected the same non-zero length");
        }
        coverage = coverage.clone();
        risk = risk.clone();
    }

    @Override
    public double[] coverage() {
        return coverage.clone();
    }

    @Override
    public double[] risk() {
        return risk.clone();
    }

    /** The number of points. */
    public int size() {
        return coverage.length;
    }

    /**
     * The area under the curve read as a step function that holds risk[i] on
     * (coverage[i-1], coverage[i]] (coverage[-1] = 0): sum_i (coverage[i] - coverage[i-1]) risk[i].
     */
    public double area() {
        double sum = 0;
        double previous = 0;
        for (int i = 0; i < coverage.length; i++) {
            sum += (coverage[i] - previous) * risk[i];
            previous = coverage[i];
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RiskCoverageCurve other
                && Arrays.equals(coverage, other.coverage) && Arrays.equals(risk, other.risk);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(coverage) + Arrays.hashCode(risk);
    }

    @Override
    public String toString() {
        return "RiskCoverageCurve[coverage=" + Arrays.toString(coverage) + ", risk=" + Arrays.toString(risk) + "]";
    }
}
