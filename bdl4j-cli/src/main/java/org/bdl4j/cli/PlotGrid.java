package org.bdl4j.cli;

import java.util.List;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Task;

/**
 * The inputs a report plots a method's predictive over: for one-feature regression {@value #LINE_POINTS}
 * points over the training range widened by half of it on each side; for two-feature classification
 * a {@value #SIDE} x {@value #SIDE} grid over the training box widened by a quarter on each side
 * (row-major, the first feature varying fastest).
 */
final class PlotGrid {
    static final int LINE_POINTS = 200;
    static final int SIDE = 60;

    private PlotGrid() {}

    /** The grid for {@code train}, or null when the data have no picture of this kind. */
    static Dataset of(Dataset train) {
        if (train.task() == Task.REGRESSION && train.featureCount() == 1) {
            double[] r = range(train, 0, 0.5);
            float[] x = new float[LINE_POINTS];
            for (int i = 0; i < LINE_POINTS; i++) {
                x[i] = (float) (r[0] + (r[1] - r[0]) * i / (LINE_POINTS - 1));
            }
            return Dataset.unlabeled(x, LINE_POINTS, new int[] {1}, train.featureNames());
        }
        if (train.task() == Task.CLASSIFICATION && train.featureCount() == 2 && train.featureShape().length == 1) {
            double[] a = range(train, 0, 0.25);
            double[] b = range(train, 1, 0.25);
            float[] x = new float[2 * SIDE * SIDE];
            for (int j = 0; j < SIDE; j++) {
                for (int i = 0; i < SIDE; i++) {
                    int r = j * SIDE + i;
                    x[2 * r] = (float) (a[0] + (a[1] - a[0]) * i / (SIDE - 1));
                    x[2 * r + 1] = (float) (b[0] + (b[1] - b[0]) * j / (SIDE - 1));
                }
            }
            return Dataset.unlabeled(x, SIDE * SIDE, new int[] {2}, List.copyOf(train.featureNames()));
        }
        return null;
    }

    /** [min − pad·width, max + pad·width] of feature {@code f}. */
    static double[] range(Dataset d, int f, double pad) {
        int k = d.featureCount();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        float[] x = d.features();
        for (int r = 0; r < d.rows(); r++) {
            lo = Math.min(lo, x[r * k + f]);
            hi = Math.max(hi, x[r * k + f]);
        }
        double w = hi > lo ? hi - lo : 1;
        return new double[] {lo - pad * w, hi + pad * w};
    }
}
