package org.bdl4j.data;

import java.util.Arrays;

/**
 * Per-feature standardisation {@code z = (x - mean) / std}, with the statistics fitted on a training
 * table only and then applied to any table with the same feature count.
 *
 * <p>Statistics are computed in double precision, two passes: the mean, then the population standard
 * deviation ({@code sqrt(mean((x - mean)^2))}, dividing by n, not n - 1). A column whose values are all
 * equal gets mean = that value and std = 1, so it maps to exactly 0 (rather than dividing by 0).
 * {@link #mean()} and {@link #std()} give the statistics to save; {@link #of} rebuilds from them.
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] std;

    private Standardizer(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Fits on {@code train}'s features.
     *
     * @throws DataException when the table has no rows
     */
    public static Standardizer fit(Dataset train) {
        if (train.rows() == 0) {
            throw new DataException("cannot fit a standardizer on a table with no rows");
        }
        double[][] s = columnMeanStd(train.features(), train.rows(), train.featureCount());
        return new Standardizer(s[0], s[1]);
    }

    /**
     * Rebuilds from saved statistics (copied).
     *
     * @throws IllegalArgumentException for different lengths, a non-finite mean or a std that is not
     *     finite and positive
     */
    public static Standardizer of(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need the same positive length, found " + mean.length
                    + " and " + std.length);
        }
        for (int j = 0; j < mean.length; j++) {
            checkStatistics(j, mean[j], std[j]);
        }
        return new Standardizer(mean.clone(), std.clone());
    }

    /** Per-feature means (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** Per-feature population standard deviations, 1 for constant columns (a copy). */
    public double[] std() {
        return std.clone();
    }

    public int featureCount() {
        return mean.length;
    }

    /**
     * A new table with standardised features (same shape, names and targets).
     *
     * @throws DataException when the feature count differs from the fitted one
     */
    public Dataset apply(Dataset data) {
        checkCount(data.featureCount());
        float[] x = data.features().clone();
        applyInPlace(x);
        return data.withFeatures(x, data.featureShape(), data.featureNames());
    }

    /**
     * Standardises row-major rows in place.
     *
     * @throws DataException when the length is not a multiple of the feature count
     */
    public void applyInPlace(float[] rowMajor) {
        int d = mean.length;
        if (rowMajor.length % d != 0) {
            throw new DataException("standardizer was fitted on " + d + " features; " + rowMajor.length
                    + " values are not whole rows");
        }
        for (int i = 0; i < rowMajor.length; i += d) {
            for (int j = 0; j < d; j++) {
                rowMajor[i + j] = (float) ((rowMajor[i + j] - mean[j]) / std[j]);
            }
        }
    }

    private void checkCount(int d) {
        if (d != mean.length) {
            throw new DataException("standardizer was fitted on " + mean.length + " features, the data has " + d);
        }
    }

    static void checkStatistics(int j, double mean, double std) {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean[" + j + "] must be finite, found " + mean);
        }
        if (!(std > 0 && Double.isFinite(std))) {
            throw new IllegalArgumentException("std[" + j + "] must be finite and > 0, found " + std);
        }
    }

    /**
     * Column means and population standard deviations of a row-major {@code rows x d} matrix (std 1, mean
     * the value, for a constant column).
     *
     * @return {@code {mean, std}}
     */
    static double[][] columnMeanStd(float[] x, int rows, int d) {
        double[] mean = new double[d];
        float[] min = Arrays.copyOf(x, d);
        float[] max = Arrays.copyOf(x, d);
        for (int i = 0; i < rows * d; i += d) {
            for (int j = 0; j < d; j++) {
                float v = x[i + j];
                mean[j] += v;
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows;
        }
        double[] var = new double[d];
        for (int i = 0; i < rows * d; i += d) {
            for (int j = 0; j < d; j++) {
                double e = x[i + j] - mean[j];
                var[j] += e * e;
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            if (min[j] == max[j]) {
                mean[j] = min[j];
                std[j] = 1;
            } else {
                std[j] = Math.sqrt(var[j] / rows);
            }
        }
        return new double[][] {mean, std};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && java.util.Arrays.equals(mean, s.mean) && java.util.Arrays.equals(std, s.std);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(mean) + java.util.Arrays.hashCode(std);
    }
}
