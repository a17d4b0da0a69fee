package org.bdl4j.continual;

import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.curvature.FisherSamples;

/**
 * How the curvature of a task is computed after training on it: the type (by default the GGN, which
 * for the softmax likelihood is the exact Fisher E_{ỹ~p(y|x,θ)}[∇ℓ ∇ℓᵀ], summed over the task's rows
 * from per-sample gradients; not the square of a minibatch-mean gradient), the labels drawn per row by
 * the Monte Carlo Fisher, and the rows per batch of the sweep.
 */
public record FisherSettings(CurvatureType type, FisherSamples samples, int batchSize) {
    /** The exact Fisher (GGN), batches of 256 rows. */
    public static final FisherSettings DEFAULT = new FisherSettings(CurvatureType.GGN, FisherSamples.DEFAULT, 256);

    public FisherSettings {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(samples, "samples");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, found " + batchSize);
        }
    }

    public FisherSettings withType(CurvatureType newType) {
        return new FisherSettings(newType, samples, batchSize);
    }
}
