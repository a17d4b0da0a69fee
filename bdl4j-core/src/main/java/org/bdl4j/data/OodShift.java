package org.bdl4j.data;

import java.util.SplittableRandom;

/**
 * Out-of-distribution inputs made from in-distribution ones: every row moved by the same vector
 * {@code k · (s ⊙ u)}, where s holds the training features' population standard deviations (those of
 * {@link Standardizer}, 1 for a constant feature) and u is a uniformly random unit direction (a
 * normalised N(0, I_d) draw). In standardised units the shift has length k.
 */
final class OodShift {
    private OodShift() {}

    /**
     * The rows of {@code rows} shifted by {@code sds} training standard deviations along a random
     * direction drawn from {@code rng}, without targets.
     */
    static Dataset apply(Dataset rows, Dataset train, double sds, SplittableRandom rng) {
        int d = train.featureCount();
        double[] u = new double[d];
        double norm = 0;
        while (!(norm > 0)) {
            norm = 0;
            for (int j = 0; j < d; j++) {
                u[j] = rng.nextGaussian();
                norm += u[j] * u[j];
            }
        }
        norm = Math.sqrt(norm);
        double[] sd = Standardizer.fit(train).std();
        float[] x = rows.features().clone();
        for (int i = 0; i < rows.rows(); i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] += (float) (sds * sd[j] * u[j] / norm);
            }
        }
        return Dataset.unlabeled(x, rows.rows(), rows.featureShape(), rows.featureNames()).withOrigin(rows.origin());
    }
}
