package org.bdl4j.swag;

import org.bdl4j.math.Floats;

/**
 * The running statistics SWAG collects along the SGD trajectory (Maddox et al. 2019, Alg. 1), in
 * double precision: after n snapshots θ_1..θ_n,
 *
 * <pre>
 *   θ̄ = (1/n) Σ_i θ_i,     θ²̄ = (1/n) Σ_i θ_i²,     σ² = max(θ²̄ - θ̄², 0)   (element-wise)
 * </pre>
 *
 * and the last K deviations D_i = θ_i - θ̄_(i) (θ̄_(i) the running mean after snapshot i), kept in a
 * ring buffer.
 */
final class SwagMoments {
    private final double[] mean;
    private final double[] meanSquare;
    private final float[][] deviations;
    private int count;

    SwagMoments(int parameters, int rank) {
        mean = new double[parameters];
        meanSquare = new double[parameters];
        deviations = new float[rank][];
    }

    void add(float[] theta) {
        if (theta.length != mean.length) {
            throw new IllegalArgumentException("snapshots need " + mean.length + " values, found " + theta.length);
        }
        count++;
        for (int i = 0; i < theta.length; i++) {
            double t = theta[i];
            mean[i] += (t - mean[i]) / count;
            meanSquare[i] += (t * t - meanSquare[i]) / count;
        }
        if (deviations.length > 0) {
            float[] d = new float[theta.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (theta[i] - mean[i]);
            }
            deviations[(count - 1) % deviations.length] = d;
        }
    }

    int count() {
        return count;
    }

    float[] mean() {
        return Floats.toFloats(mean);
    }

    float[] variance() {
        float[] out = new float[mean.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.max(meanSquare[i] - mean[i] * mean[i], 0.0);
        }
        return out;
    }

    /** The min(n, K) most recent deviations, oldest first. */
    float[][] deviations() {
        int k = Math.min(count, deviations.length);
        float[][] out = new float[k][];
        for (int j = 0; j < k; j++) {
            out[j] = deviations[(count - k + j) % deviations.length];
        }
        return out;
    }
}
