package org.bdl4j.math;

/**
 * Reductions of double vectors: the inner product aᵀb = Σ_i a_i b_i (summed in index order) and the
 * max-norm ‖a‖_∞ = max_i |a_i|.
 */
public final class Vectors {
    private Vectors() {}

    /** The arithmetic mean (1/n) Σ aᵢ, NaN for none. */
    public static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    /** The median: the middle value, or the mean of the two middle values for an even count; NaN for none. */
    public static double median(double[] a) {
        if (a.length == 0) {
            return Double.NaN;
        }
        double[] v = a.clone();
        java.util.Arrays.sort(v);
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
    }

    /** aᵀb = Σ_i a_i b_i over the length of {@code a}, in index order. */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** ‖a‖_∞ = max_i |a_i| (0 for an empty vector). */
    public static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
