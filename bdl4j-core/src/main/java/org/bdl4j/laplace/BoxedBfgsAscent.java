package org.bdl4j.laplace;

import org.bdl4j.math.Vectors;

/**
 * Maximises a smooth function f over a box [lo, hi]ⁿ by projected BFGS ascent (Nocedal &amp; Wright
 * 2006, §6.1 and §18.4 for the projection): the direction is d = B ĝ, with ĝ the projected gradient
 * (a component that pushes out of the box at an active bound set to 0) and B the BFGS approximation
 * of (-∇²f)⁻¹, scaled by sᵀy/yᵀy after the first step; the step is found by Armijo backtracking,
 * f(x(t)) ≥ f(x) + 10⁻⁴ ĝᵀ(x(t) - x), along the projected path x(t) = clamp(x + t d). It stops when
 * every |ĝ_i| ≤ tolerance_i, when no step improves f, or after {@code maxIterations}. Each accepted
 * step increases f, so the result is never worse than the start.
 *
 * <p>Used for the per-layer prior precisions (x = log λ, a handful of coordinates), where each
 * evaluation may cost a Cholesky factorisation: a quasi-Newton method needs far fewer of them than
 * a first-order one (Adam).
 */
final class BoxedBfgsAscent {
    private static final double ARMIJO = 1e-4;
    private static final int HALVINGS = 50;

    /** f and its gradient. */
    interface Objective {
        double value(double[] x);

        double[] gradient(double[] x);
    }

    /** The maximiser found, f and ∇f there, and the iterations taken. */
    record Result(double[] x, double value, double[] gradient, int iterations) {}

    private BoxedBfgsAscent() {}

    static Result maximise(Objective f, double[] start, double lo, double hi, double[] tolerance, int maxIterations) {
        int n = start.length;
        double[] x = clamp(start, lo, hi);
        double fx = f.value(x);
        double[] g = f.gradient(x);
        double[][] b = identity(n);
        boolean scaled = false;
        int it = 0;
        for (; it < maxIterations; it++) {
            double[] pg = projected(g, x, lo, hi);
            if (converged(pg, tolerance)) {
                break;
            }
            double[] d = times(b, pg);
            for (int i = 0; i < n; i++) {
                if (pg[i] == 0) {
                    d[i] = 0;
                }
            }
            if (Vectors.dot(d, pg) <= 0) { // not an ascent direction: restart from the gradient
                b = identity(n);
                scaled = false;
                d = pg.clone();
            }
            if (!scaled) { // before any curvature information, steps of at most 1 per coordinate
                double m = Vectors.maxAbs(d);
                for (int i = 0; i < n; i++) {
                    d[i] /= Math.max(1, m);
                }
            }
            double[] xn = null;
            double fn = Double.NaN;
            double t = 1;
            for (int h = 0; h < HALVINGS; h++, t /= 2) {
                double[] trial = new double[n];
                for (int i = 0; i < n; i++) {
                    trial[i] = Math.min(hi, Math.max(lo, x[i] + t * d[i]));
                }
                double gain = Vectors.dot(pg, minus(trial, x));
                if (gain <= 0) {
                    break;
                }
                double ft = f.value(trial);
                if (ft >= fx + ARMIJO * gain) {
                    xn = trial;
                    fn = ft;
                    break;
                }
            }
            if (xn == null) {
                break;
            }
            double[] gn = f.gradient(xn);
            double[] s = minus(xn, x);
            double[] y = minus(g, gn); // the change of ∇(-f)
            double sy = Vectors.dot(s, y);
            if (sy > 1e-12 * Math.sqrt(Vectors.dot(s, s) * Vectors.dot(y, y))) {
                if (!scaled) {
                    b = identity(n);
                    double gamma = sy / Vectors.dot(y, y);
                    for (int i = 0; i < n; i++) {
                        b[i][i] = gamma;
                    }
                    scaled = true;
                }
                b = bfgsUpdate(b, s, y, 1 / sy);
            }
            x = xn;
            fx = fn;
            g = gn;
        }
        return new Result(x, fx, g, it);
    }

    /** B ← (I - ρ s yᵀ) B (I - ρ y sᵀ) + ρ s sᵀ. */
    private static double[][] bfgsUpdate(double[][] b, double[] s, double[] y, double rho) {
        int n = s.length;
        double[] by = times(b, y);
        double yby = Vectors.dot(y, by);
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i][j] = b[i][j] - rho * (s[i] * by[j] + by[i] * s[j]) + (rho * rho * yby + rho) * s[i] * s[j];
            }
        }
        return out;
    }

    /** ∇f with the components that point out of the box at an active bound set to 0. */
    static double[] projected(double[] g, double[] x, double lo, double hi) {
        double[] out = g.clone();
        for (int i = 0; i < g.length; i++) {
            if ((x[i] <= lo && g[i] < 0) || (x[i] >= hi && g[i] > 0)) {
                out[i] = 0;
            }
        }
        return out;
    }

    private static boolean converged(double[] pg, double[] tolerance) {
        for (int i = 0; i < pg.length; i++) {
            if (!(Math.abs(pg[i]) <= tolerance[i])) {
                return false;
            }
        }
        return true;
    }

    private static double[] clamp(double[] x, double lo, double hi) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.min(hi, Math.max(lo, x[i]));
        }
        return out;
    }

    private static double[][] identity(int n) {
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            out[i][i] = 1;
        }
        return out;
    }

    private static double[] times(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += m[i][j] * v[j];
            }
        }
        return out;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }
}
