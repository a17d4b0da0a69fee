package org.bdl4j.calibration;

/**
 * The minimiser of a smooth convex function of one variable on an interval [lo, hi], found as the
 * root of its non-decreasing derivative g by Newton's method safeguarded with bisection (the
 * {@code rtsafe} scheme of Press et al., Numerical Recipes, §9.4): the sign of g keeps a bracket
 * [a, b] with g(a) &lt; 0 &lt; g(b); a Newton step x - g/h is taken when it stays inside the bracket
 * and at least halves the step before the last, otherwise the bracket is bisected. Convergence is
 * therefore guaranteed (bisection) and quadratic near the root (Newton).
 */
final class SafeguardedNewton {
    /** The derivative g(x) and the second derivative h(x) &gt;= 0 of the convex function. */
    interface Derivatives {
        /** Writes g(x) into {@code out[0]} and h(x) into {@code out[1]}. */
        void at(double x, double[] out);
    }

    static final int MAX_ITERATIONS = 500;

    private SafeguardedNewton() {}

    /**
     * The minimiser on [lo, hi]: lo when g(lo) &gt;= 0, hi when g(hi) &lt;= 0, otherwise the root of g,
     * to a relative step below {@code 1e-15} or g = 0 exactly.
     *
     * @param start the first Newton iterate (clamped into the interval)
     */
    static double minimise(Derivatives f, double lo, double hi, double start) {
        double[] gh = new double[2];
        f.at(lo, gh);
        if (gh[0] >= 0) {
            return lo;
        }
        f.at(hi, gh);
        if (gh[0] <= 0) {
            return hi;
        }
        double a = lo;
        double b = hi;
        double x = Math.min(hi, Math.max(lo, start));
        double dxOld = b - a;
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
            } else {
                b = x;
            }
            boolean newtonOutside = !(h > 0) || ((x - b) * h - g) * ((x - a) * h - g) > 0;
            if (newtonOutside || Math.abs(2 * g) > Math.abs(dxOld * h)) {
                dxOld = dx;
                dx = 0.5 * (b - a);
                x = a + dx;
            } else {
                dxOld = dx;
                dx = g / h;
                x -= dx;
            }
            if (Math.abs(dx) <= 1e-15 * Math.abs(x) || b - a <= 4 * Math.ulp(x)) {
                return x;
            }
            f.at(x, gh);
        }
        return x;
    }
}
