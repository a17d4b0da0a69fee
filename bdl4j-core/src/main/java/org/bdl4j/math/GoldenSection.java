package org.bdl4j.math;

import java.util.function.DoubleUnaryOperator;

/**
 * Golden-section search for the maximum of a function of one variable (Kiefer 1953; Press et al.,
 * Numerical Recipes, §10.2). On a bracket [a, b] with inner points c = b - φ(b - a) and
 * d = a + φ(b - a), φ = (√5 - 1)/2, the bracket shrinks to [a, d] when f(c) &gt; f(d) and to [c, b]
 * otherwise; one of the inner points is reused, so each step costs one evaluation and shrinks the
 * bracket by φ ≈ 0.618. For a unimodal f the maximiser stays in the bracket.
 *
 * <p>{@link #maximiseFromGrid} first evaluates f on a uniform grid (which finds the right basin of
 * a multimodal f) and refines around the best grid point.
 */
public final class GoldenSection {
    /** φ = (√5 - 1)/2, the fraction of the bracket kept per step. */
    static final double RATIO = (Math.sqrt(5) - 1) / 2;

    private GoldenSection() {}

    /**
     * The midpoint of the bracket [a, b] once it is no wider than {@code tolerance}.
     *
     * @param a the lower end, &lt;= b
     */
    public static double maximise(DoubleUnaryOperator f, double a, double b, double tolerance) {
        double c = b - RATIO * (b - a);
        double d = a + RATIO * (b - a);
        double fc = f.applyAsDouble(c);
        double fd = f.applyAsDouble(d);
        while (b - a > tolerance) {
            if (fc > fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - RATIO * (b - a);
                fc = f.applyAsDouble(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + RATIO * (b - a);
                fd = f.applyAsDouble(d);
            }
        }
        return (a + b) / 2;
    }

    /**
     * Evaluates f at the {@code points} grid points x_i = lo + i (hi - lo)/(points - 1), then runs
     * {@link #maximise} on [x_{i-1}, x_{i+1}] (clipped to the grid) around the best x_i (the first of
     * ties), and returns its result if f there is at least f(x_i), otherwise x_i.
     *
     * @param points at least 2
     */
    public static double maximiseFromGrid(DoubleUnaryOperator f, double lo, double hi, int points,
            double tolerance) {
        if (points < 2) {
            throw new IllegalArgumentException("a grid needs at least 2 points, found " + points);
        }
        double step = (hi - lo) / (points - 1);
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < points; i++) {
            double v = f.applyAsDouble(lo + i * step);
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        double x = maximise(f, lo + Math.max(0, best - 1) * step, lo + Math.min(points - 1, best + 1) * step,
                tolerance);
        return f.applyAsDouble(x) >= bestValue ? x : lo + best * step;
    }
}
