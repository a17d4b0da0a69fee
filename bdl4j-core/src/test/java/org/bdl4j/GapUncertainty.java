package org.bdl4j;

import org.bdl4j.data.Dataset;
import org.bdl4j.data.ToyData;

/**
 * The in-between uncertainty probe of Foong et al. (2019) on {@code toy:regression-gap}: the epistemic
 * standard deviation at the middle of the gap between the two input clusters, against its mean over
 * the training inputs.
 */
public final class GapUncertainty {
    private GapUncertainty() {}

    /** ToyData.regressionGap with the default 400 rows. */
    public static Dataset train(long seed) {
        return ToyData.regressionGap(ToyData.DEFAULT_ROWS, seed);
    }

    /** sd_e(gap midpoint) / mean_n sd_e(x_n) of a regression posterior fitted on {@code train}. */
    public static double ratio(Posterior posterior, Dataset train) {
        double[] onData = posterior.predictRegression(train).epistemicVariance();
        double mean = 0;
        for (double v : onData) {
            mean += Math.sqrt(v);
        }
        mean /= onData.length;
        float mid = (float) ToyData.regressionGapMidpoint();
        Dataset gap = Dataset.unlabeled(new float[] {mid}, 1, new int[] {1}, train.featureNames());
        return Math.sqrt(posterior.predictRegression(gap).epistemicVariance()[0]) / mean;
    }
}
