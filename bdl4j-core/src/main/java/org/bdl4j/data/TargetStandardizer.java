package org.bdl4j.data;


/**
 * Standardisation of regression targets, {@code z = (y - mean) / std}, fitted on the training targets
 * (population std; a constant target gets std 1), with the inverse maps that bring a model's predictions
 * back to the original units: means by {@link #inverseMean}, standard deviations by
 * {@link #inverseStd}, variances by {@link #inverseVariance} (times {@code std^2}).
 *
 * <p>{@link #toArray()} gives {@code {mean, std}} to save; {@link #fromArray} rebuilds.
 */
public final class TargetStandardizer {
    private final double mean;
    private final double std;

    private TargetStandardizer(double mean, double std) {
        Standardizer.checkStatistics(0, mean, std);
        this.mean = mean;
        this.std = std;
    }

    /**
     * Fits on {@code train}'s regression targets.
     *
     * @throws DataException when the table has no regression targets or no rows
     */
    public static TargetStandardizer fit(Dataset train) {
        requireRegression(train);
        if (train.rows() == 0) {
            throw new DataException("cannot fit a target standardizer on a table with no rows");
        }
        double[][] s = Standardizer.columnMeanStd(train.targets(), train.rows(), 1);
        return new TargetStandardizer(s[0][0], s[1][0]);
    }

    /** Rebuilds from a saved mean and std (finite, std > 0). */
    public static TargetStandardizer of(double mean, double std) {
        return new TargetStandardizer(mean, std);
    }

    /** Rebuilds from {@code {mean, std}} as given by {@link #toArray()}. */
    public static TargetStandardizer fromArray(double[] statistics) {
        if (statistics.length != 2) {
            throw new IllegalArgumentException("expected {mean, std}, found " + statistics.length + " values");
        }
        return new TargetStandardizer(statistics[0], statistics[1]);
    }

    /** {@code {mean, std}}. */
    public double[] toArray() {
        return new double[] {mean, std};
    }

    public double mean() {
        return mean;
    }

    public double std() {
        return std;
    }

    /** The same table with standardised targets. */
    public Dataset apply(Dataset data) {
        requireRegression(data);
        float[] y = data.targets();
        float[] z = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            z[i] = (float) ((y[i] - mean) / std);
        }
        return data.withTargets(z);
    }

    /** A standardised mean back in original units: {@code z * std + mean}. */
    public double inverseMean(double z) {
        return z * std + mean;
    }

    /** A standardised standard deviation back in original units: {@code s * std}. */
    public double inverseStd(double s) {
        return s * std;
    }

    /** A standardised variance back in original units: {@code v * std^2}. */
    public double inverseVariance(double v) {
        return v * std * std;
    }

    private static void requireRegression(Dataset d) {
        if (d.task() != Task.REGRESSION) {
            throw new DataException("target standardisation needs regression targets, the table has "
                    + (d.task() == null ? "none" : d.task().cliName() + " targets"));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetStandardizer t && Double.compare(mean, t.mean) == 0 && Double.compare(std, t.std) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(mean) + Double.hashCode(std);
    }
}
