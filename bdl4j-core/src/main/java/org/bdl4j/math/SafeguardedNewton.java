package org.bdl4j.math;

/**
 * The minimiser of a smooth convex function of one variable on an interval [lo, hi], found as the
 * root of its non-decreasing derivative g by Newton's method safeguarded with bisection (the
 * {@code rtsafe} scheme of Press et al., Numerical Recipes, §9.4): the sign of g keeps a bracket
 * [a, b] around the root; a Newton step x - g/h is taken when it stays inside the bracket and at least
 * halves the step before the last, otherwise the bracket is bisected. Convergence is therefore
 * guaranteed (bisection) and quadratic near the root (Newton).
 *
 * <p>The interval's ends are evaluated only when needed (a step would leave the bracket, or a
 * bisection needs them), and iteration stops after a Newton step shorter than 1e-9·max(1, |x|):
 * quadratic convergence puts the remaining error at the square of that, below double precision. A
 * typical call therefore costs 5 or 6 evaluations of (g, h).
 */
public final class SafeguardedNewton {
    /** The derivative g(x) and the second derivative h(x) &gt;= 0 of the convex function. */
    @FunctionalInterface
    public interface Derivatives {
        /** Writes g(x) into {@code out[0]} and h(x) into {@code out[1]}. */
        void at(double x, double[] out);
    }

    static final int MAX_ITERATIONS = 500;
    /** The default relative step tolerance. */
    private static final double NEWTON_TOLERANCE = 1e-9;

    private SafeguardedNewton() {}

    /**
     * The minimiser on [lo, hi]: lo when g(lo) &gt;= 0, hi when g(hi) &lt;= 0, otherwise the root of g.
     *
     * @param start the first iterate (clamped into the interval)
     */
    public static double minimise(Derivatives f, double lo, double hi, double start) {
        return minimise(f, lo, hi, start, NEWTON_TOLERANCE, false);
    }

    /**
     * {@link #minimise(Derivatives, double, double, double)} for derivatives so costly that an
     * evaluation is worth saving: it stops when the Newton step from an evaluated iterate x is shorter
     * than {@code tolerance}·max(1, |x|) and returns that x itself, the point where f was evaluated
     * last (so that a caller can reuse the work done there), about one such step from the root.
     */
    public static double minimiseToEvaluatedPoint(Derivatives f, double lo, double hi, double start,
            double tolerance) {
        return minimise(f, lo, hi, start, tolerance, true);
    }

    private static double minimise(Derivatives f, double lo, double hi, double start, double tolerance,
            boolean returnEvaluated) {
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be > 0, found " + tolerance);
        }
        double[] gh = new double[2];
        double a = lo; // g(a) < 0 once aKnown
        double b = hi; // g(b) > 0 once bKnown
        boolean aKnown = false;
        boolean bKnown = false;
        double x = Math.min(hi, Math.max(lo, start));
        double dxOld = hi - lo;
        double dx = dxOld;
        f.at(x, gh);
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double g = gh[0];
            double h = gh[1];
            if (g == 0) {
                return x;
            }
            if (g < 0) {
                a = x;
                aKnown = true;
            } else {
                b = x;
                bKnown = true;
            }
            double newton = x - g / h;
            boolean useNewton = h > 0 && newton > a && newton < b && Math.abs(2 * g) <= Math.abs(dxOld * h);
            if (!useNewton) {
                // a bisection (or a step towards an end) needs the sign of g at both ends
                if (!aKnown) {
                    f.at(lo, gh);
                    if (gh[0] >= 0) {
                        return lo;
                    }
                    aKnown = true;
                }
                if (!bKnown) {
                    f.at(hi, gh);
                    if (gh[0] <= 0) {
                        return hi;
                    }
                    bKnown = true;
                }
                dxOld = dx;
                dx = 0.5 * (b - a);
                x = a + dx;
                if (b - a <= 4 * Math.ulp(x)) {
                    return x;
                }
            } else {
                if (returnEvaluated && Math.abs(g / h) <= tolerance * Math.max(1, Math.abs(x))) {
                    return x;
                }
                dxOld = dx;
                dx = g / h;
                x = newton;
                if (Math.abs(dx) <= tolerance * Math.max(1, Math.abs(x))) {
                    return x;
                }
            }
            f.at(x, gh);
        }
        return x;
    }
}
