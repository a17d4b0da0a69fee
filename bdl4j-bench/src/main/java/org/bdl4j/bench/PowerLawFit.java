package org.bdl4j.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A power law y = a·x^k fitted to measured (size, cost) points by least squares on the logarithms: k
 * is the slope and log a the intercept of the straight line through (log x, log y). Points whose size
 * or cost is not positive and finite are left out (a resident-memory growth below the noise floor
 * reported as NaN, a difference of two timings that came out negative); with fewer than two distinct
 * sizes left every field but {@code points} is NaN.
 *
 * @param exponent k
 * @param prefactor a
 * @param rSquared the coefficient of determination of the line in log-log space (1 for an exact power
 *     law; NaN when every cost is the same)
 * @param points the points used
 */
record PowerLawFit(double exponent, double prefactor, double rSquared, int points) {

    /** The fit over every usable point. */
    static PowerLawFit of(double[] sizes, double[] costs) {
        return fit(usable(sizes, costs));
    }

    /**
     * The fit over the {@code count} largest usable sizes only: the local slope at the top of the range,
     * where fixed costs weigh least.
     */
    static PowerLawFit ofLargest(double[] sizes, double[] costs, int count) {
        List<double[]> points = usable(sizes, costs);
        points.sort(Comparator.comparingDouble(p -> p[0]));
        return fit(points.subList(Math.max(0, points.size() - count), points.size()));
    }

    /**
     * The least-squares line y = intercept + slope·x (no logarithms), {intercept, slope}; NaN for fewer
     * than two distinct x.
     */
    static double[] line(double[] x, double[] y) {
        int n = x.length;
        if (y.length != n) {
            throw new IllegalArgumentException(n + " sizes but " + y.length + " costs");
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        if (n < 2 || !(sxx > 0)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double slope = sxy / sxx;
        return new double[] {my - slope * mx, slope};
    }

    private static List<double[]> usable(double[] sizes, double[] costs) {
        if (sizes.length != costs.length) {
            throw new IllegalArgumentException(sizes.length + " sizes but " + costs.length + " costs");
        }
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] > 0 && Double.isFinite(sizes[i]) && costs[i] > 0 && Double.isFinite(costs[i])) {
                out.add(new double[] {sizes[i], costs[i]});
            }
        }
        return out;
    }

    private static PowerLawFit fit(List<double[]> points) {
        int n = points.size();
        double[] lx = new double[n];
        double[] ly = new double[n];
        for (int i = 0; i < n; i++) {
            lx[i] = Math.log(points.get(i)[0]);
            ly[i] = Math.log(points.get(i)[1]);
        }
        double[] l = n < 2 ? new double[] {Double.NaN, Double.NaN} : line(lx, ly);
        if (Double.isNaN(l[1])) {
            return new PowerLawFit(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double my = 0;
        for (double v : ly) {
            my += v;
        }
        my /= n;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double r = ly[i] - (l[0] + l[1] * lx[i]);
            residual += r * r;
            total += (ly[i] - my) * (ly[i] - my);
        }
        double r2 = total > 0 ? 1 - residual / total : Double.NaN;
        return new PowerLawFit(l[1], Math.exp(l[0]), r2, n);
    }
}
