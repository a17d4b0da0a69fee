package org.bdl4j.calibration;

import java.util.Arrays;

/** Piecewise-linear interpolation through points with strictly increasing abscissae. */
final class Interpolation {
    private Interpolation() {}

    /** The interpolant through (x_j, y_j) at v; y_0 below x_0, y_last above x_last; NaN for NaN. */
    static double linear(double[] x, double[] y, double v) {
        if (Double.isNaN(v)) {
            return Double.NaN;
        }
        int last = x.length - 1;
        if (v <= x[0]) {
            return y[0];
        }
        if (v >= x[last]) {
            return y[last];
        }
        int j = Arrays.binarySearch(x, v);
        if (j >= 0) {
            return y[j];
        }
        int hi = -j - 1; // x[hi - 1] < v < x[hi]
        double t = (v - x[hi - 1]) / (x[hi] - x[hi - 1]);
        return y[hi - 1] + t * (y[hi] - y[hi - 1]);
    }
}
