package org.bdl4j.calibration;

import java.util.Objects;

/** Argument checks of the regression calibrators (one-line messages naming the argument and value). */
final class RegressionChecks {
    private RegressionChecks() {}

    /** Equal non-zero lengths, finite means and targets, finite standard deviations &gt; 0. */
    static void gaussian(double[] mean, double[] std, double[] targets) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        Objects.requireNonNull(targets, "targets");
        if (mean.length == 0) {
            throw new IllegalArgumentException("mean has 0 entries, expected at least 1");
        }
        if (std.length != mean.length || targets.length != mean.length) {
            throw new IllegalArgumentException("mean, std and targets need equal lengths, found " + mean.length + ", "
                    + std.length + ", " + targets.length);
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("mean[" + i + "] = " + mean[i] + ", expected a finite value");
            }
            if (!Double.isFinite(targets[i])) {
                throw new IllegalArgumentException("targets[" + i + "] = " + targets[i] + ", expected a finite value");
            }
            if (!(std[i] > 0) || !Double.isFinite(std[i])) {
                throw new IllegalArgumentException("std[" + i + "] = " + std[i] + ", expected a finite value > 0");
            }
        }
    }
}
