package org.bdl4j.cli;

import java.util.Arrays;
import java.util.Optional;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;

/**
 * The widest stretch without training inputs inside the range of a one-feature data set, where a
 * posterior's epistemic uncertainty should rise ("in-between" uncertainty; Foong et al. 2019). With the
 * distinct inputs sorted, the widest spacing is a gap when it is at least {@value #MEDIAN_SPACINGS}
 * times the median spacing and at least {@value #RANGE_FRACTION} of the range: the first condition
 * separates it from the gaps that sampling leaves anyway, the second from a dense data set's
 * largest spacing.
 *
 * @param low the last training input below the gap
 * @param high the first training input above it
 */
record InputGap(double low, double high) {
    static final double MEDIAN_SPACINGS = 20;
    static final double RANGE_FRACTION = 0.1;

    /** The gap of {@code train}'s single feature, or empty (also for several features or under 4 inputs). */
    static Optional<InputGap> of(Dataset train) {
        if (train.featureCount() != 1) {
            return Optional.empty();
        }
        double[] x = Arrays.stream(Floats.toDoubles(train.features())).distinct().sorted().toArray();
        if (x.length < 4) {
            return Optional.empty();
        }
        double[] spacing = new double[x.length - 1];
        int widest = 0;
        for (int i = 0; i < spacing.length; i++) {
            spacing[i] = x[i + 1] - x[i];
            if (spacing[i] > spacing[widest]) {
                widest = i;
            }
        }
        double[] sorted = spacing.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double range = x[x.length - 1] - x[0];
        boolean gap = spacing[widest] >= MEDIAN_SPACINGS * median && spacing[widest] >= RANGE_FRACTION * range;
        return gap ? Optional.of(new InputGap(x[widest], x[widest + 1])) : Optional.empty();
    }

    /** Whether {@code x} lies strictly inside the gap's middle half (away from the data at its ends). */
    boolean containsMiddle(double x) {
        double quarter = (high - low) / 4;
        return x > low + quarter && x < high - quarter;
    }
}
