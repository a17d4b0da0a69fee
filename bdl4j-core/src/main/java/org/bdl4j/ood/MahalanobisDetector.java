package org.bdl4j.ood;

import java.util.Map;
import org.bdl4j.linalg.Cholesky;

/**
 * The feature-space OOD score of Lee et al. ("A simple unified framework for detecting
 * out-of-distribution samples and adversarial attacks", NeurIPS 2018), without their input
 * pre-processing and layer ensemble: a Gaussian discriminant fitted to the last hidden layer's features
 * z of the training rows, with class means μ_c = (1/N_c) Σ_{i: y_i = c} z_i and one covariance shared by
 * the classes, Σ = (1/N) Σ_c Σ_{i: y_i = c} (z_i − μ_c)(z_i − μ_c)ᵀ. A row's score is its squared
 * Mahalanobis distance to the closest class mean,
 *
 * <pre>
 *   M(z) = min_c (z − μ_c)ᵀ (Σ + εI)⁻¹ (z − μ_c),    ε = 1e-6 · tr(Σ) / d,
 * </pre>
 *
 * computed as min_c ‖L⁻¹z − L⁻¹μ_c‖² with Σ + εI = L Lᵀ. The small relative ridge ε keeps the score
 * finite when a feature never varies on the training rows (a ReLU unit that is always off); such a unit
 * switching on then counts as far from the data, which is what it is. Classes absent from the training
 * rows have no mean and are skipped. The fitted L and L⁻¹μ_c are held rounded to float32, the precision
 * in which they are saved ({@link #arrays}), so that a saved detector scores exactly as the fitted one.
 */
final class MahalanobisDetector {
    /** The ridge ε relative to the mean feature variance tr(Σ)/d. */
    static final double RELATIVE_RIDGE = 1e-6;

    private final int width;
    private final double[] lower; // L, row-major width x width, float32 values
    private final double[][] whitenedMeans; // L⁻¹ μ_c of the classes seen, float32 values

    private MahalanobisDetector(int width, double[] lower, double[][] whitenedMeans) {
        this.width = width;
        this.lower = lower;
        this.whitenedMeans = whitenedMeans;
    }

    /**
     * Fits the class means and the shared covariance.
     *
     * @param features n x width training features, row-major
     * @param labels class indices in [0, classes)
     * @throws IllegalArgumentException with fewer than two rows, or labels out of range
     */
    static MahalanobisDetector fit(float[] features, int width, int[] labels, int classes) {
        int n = labels.length;
        if (n < 2 || features.length != n * width) {
            throw new IllegalArgumentException("the Mahalanobis score needs at least 2 training rows with " + width
                    + " features each, found " + n + " rows and " + features.length + " values");
        }
        double[][] sum = new double[classes][width];
        int[] count = new int[classes];
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("label " + c + " of training row " + i + " is not in [0, " + classes + ")");
            }
            count[c]++;
            for (int j = 0; j < width; j++) {
                sum[c][j] += features[i * width + j];
            }
        }
        int seen = 0;
        for (int c = 0; c < classes; c++) {
            if (count[c] > 0) {
                seen++;
                for (int j = 0; j < width; j++) {
                    sum[c][j] /= count[c];
                }
            }
        }
        double[] cov = new double[width * width];
        double[] centred = new double[width];
        for (int i = 0; i < n; i++) {
            double[] mu = sum[labels[i]];
            for (int j = 0; j < width; j++) {
                centred[j] = features[i * width + j] - mu[j];
            }
            for (int a = 0; a < width; a++) {
                double ca = centred[a];
                if (ca != 0) {
                    int row = a * width;
                    for (int b = 0; b <= a; b++) {
                        cov[row + b] += ca * centred[b];
                    }
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < width; a++) {
            for (int b = 0; b <= a; b++) {
                cov[a * width + b] /= n;
            }
            trace += cov[a * width + a];
        }
        double ridge = trace > 0 ? RELATIVE_RIDGE * trace / width : 1.0;
        for (int a = 0; a < width; a++) {
            cov[a * width + a] += ridge;
        }
        double[] lower = toFloat(Cholesky.factor(cov, width).lower());
        double[][] means = new double[seen][];
        int k = 0;
        for (int c = 0; c < classes; c++) {
            if (count[c] > 0) {
                means[k++] = toFloat(forward(lower, width, sum[c]));
            }
        }
        return new MahalanobisDetector(width, lower, means);
    }

    /** {@code L} (width x width) and {@code means} (the L⁻¹μ_c of the classes seen, row after row). */
    Map<String, float[]> arrays() {
        float[] l = new float[lower.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) lower[i];
        }
        float[] m = new float[whitenedMeans.length * width];
        for (int c = 0; c < whitenedMeans.length; c++) {
            for (int j = 0; j < width; j++) {
                m[c * width + j] = (float) whitenedMeans[c][j];
            }
        }
        return Map.of("lower", l, "means", m);
    }

    /**
     * The detector of {@link #arrays()}.
     *
     * @throws IllegalArgumentException if the lengths do not fit a square L and whole means, or L has a
     *     pivot that is not positive
     */
    static MahalanobisDetector fromArrays(float[] l, float[] m) {
        int width = (int) Math.round(Math.sqrt(l.length));
        if (width == 0 || width * width != l.length || m.length == 0 || m.length % width != 0) {
            throw new IllegalArgumentException("Mahalanobis statistics of " + l.length + " and " + m.length
                    + " values do not fit a square factor and whole class means");
        }
        double[] lower = new double[l.length];
        for (int i = 0; i < l.length; i++) {
            lower[i] = l[i];
        }
        for (int r = 0; r < width; r++) {
            if (!(lower[r * width + r] > 0)) {
                throw new IllegalArgumentException("Mahalanobis factor has pivot " + r + " = " + lower[r * width + r]);
            }
        }
        double[][] means = new double[m.length / width][width];
        for (int c = 0; c < means.length; c++) {
            for (int j = 0; j < width; j++) {
                means[c][j] = m[c * width + j];
            }
        }
        return new MahalanobisDetector(width, lower, means);
    }

    private static double[] toFloat(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) v[i];
        }
        return v;
    }

    /** M(z) of each row of {@code features} (n x width, row-major). */
    double[] scores(float[] features) {
        int n = features.length / width;
        double[] out = new double[n];
        double[] z = new double[width];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                z[j] = features[i * width + j];
            }
            double[] w = forward(lower, width, z);
            double best = Double.POSITIVE_INFINITY;
            for (double[] m : whitenedMeans) {
                double d = 0;
                for (int j = 0; j < width; j++) {
                    double e = w[j] - m[j];
                    d += e * e;
                }
                best = Math.min(best, d);
            }
            out[i] = best;
        }
        return out;
    }

    /** L⁻¹ b by forward substitution. */
    private static double[] forward(double[] lower, int n, double[] b) {
        double[] x = new double[n];
        for (int r = 0; r < n; r++) {
            double v = b[r];
            int row = r * n;
            for (int k = 0; k < r; k++) {
                v -= lower[row + k] * x[k];
            }
            x[r] = v / lower[row + r];
        }
        return x;
    }
}
