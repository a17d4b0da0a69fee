package org.bdl4j.active;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.bdl4j.ClassificationPredictive;
import org.bdl4j.Posterior;
import org.bdl4j.Predictive;
import org.bdl4j.RegressionPredictive;
import org.bdl4j.data.Dataset;
import org.bdl4j.data.Splits;

/**
 * Chooses the next rows to label: the entry point for a user whose labels come from people
 * ({@link #next}), and the step of {@link ActiveLearningLoop}.
 */
public final class Acquirer {
    private Acquirer() {}

    /**
     * The indices of {@code pool}'s rows to label next, in the order chosen, from {@code posterior}'s
     * predictive on the pool (targets ignored).
     *
     * @param batch rows wanted (fewer when the pool is smaller)
     * @param seed random, PowerBALD and BatchBALD's sampled configurations (variance_reduction and the top-k
     *     acquisitions are deterministic)
     * @throws IllegalArgumentException for an acquisition of another task, a batch below 1, or an acquisition
     *     needing samples from a predictive that kept none
     */
    public static int[] next(Posterior posterior, Dataset pool, int batch, Acquisition acquisition, long seed) {
        if (acquisition.task() != posterior.schema().task()) {
            throw new IllegalArgumentException(acquisition.cliName() + " is a " + acquisition.task().cliName()
                    + " acquisition; the model is a " + posterior.schema().task().cliName());
        }
        if (acquisition == Acquisition.RANDOM || acquisition == Acquisition.RANDOM_REGRESSION) {
            return select(acquisition, null, pool.rows(), batch, seed);
        }
        return select(acquisition, posterior.predict(pool), pool.rows(), batch, seed);
    }

    /** {@link #next} from a predictive already computed on the pool's {@code rows} rows (null for random). */
    public static int[] select(Acquisition acquisition, Predictive pool, int rows, int batch, long seed) {
        if (batch < 1) {
            throw new IllegalArgumentException("the acquisition batch must be >= 1, found " + batch);
        }
        int k = Math.min(batch, rows);
        SplittableRandom rng = new SplittableRandom(seed);
        switch (acquisition) {
            case RANDOM, RANDOM_REGRESSION:
                return randomSubset(rows, k, rng);
            case BATCH_BALD:
                return BatchBald.select(samples(acquisition, pool.asClassification()), k, rng.nextLong());
            case VARIANCE_REDUCTION: {
                RegressionPredictive r = pool.asRegression();
                return VarianceReduction.select(sampleMeans(acquisition, r), r.aleatoricVariance(), k);
            }
            case POWER_BALD: {
                double[] bald = pool.asClassification().mutualInformation();
                double[] noisy = new double[bald.length];
                for (int i = 0; i < bald.length; i++) {
                    noisy[i] = Math.log(Math.max(bald[i], Double.MIN_NORMAL)) + gumbel(rng);
                }
                return topK(noisy, k);
            }
            default:
                return topK(scores(acquisition, pool), k);
        }
    }

    /** The score of each row for a top-k acquisition (higher = acquired first). */
    static double[] scores(Acquisition acquisition, Predictive pool) {
        switch (acquisition) {
            case ENTROPY:
                return pool.asClassification().entropy();
            case BALD:
                return pool.asClassification().mutualInformation();
            case VARIATION_RATIO:
                return pool.asClassification().variationRatio().orElseThrow(() -> new IllegalArgumentException(
                        "variation_ratio needs the votes of posterior samples, which this predictive does not have"));
            case MEAN_STD:
                return meanStd(samples(acquisition, pool.asClassification()));
            case MARGIN:
                return negativeMargin(pool.asClassification().probabilities());
            case VARIANCE: {
                RegressionPredictive r = pool.asRegression();
                return r.totalVariance();
            }
            case EPISTEMIC_VARIANCE:
                return pool.asRegression().epistemicVariance();
            default:
                throw new IllegalArgumentException(acquisition.cliName() + " has no per-row score");
        }
    }

    /** (1/C) Σ_c sqrt(E_s[p_c²] − E_s[p_c]²) per row. */
    static double[] meanStd(float[][][] samples) {
        int s = samples.length;
        int n = samples[0].length;
        int c = samples[0][0].length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int y = 0; y < c; y++) {
                double m1 = 0;
                double m2 = 0;
                for (float[][] sample : samples) {
                    m1 += sample[i][y];
                    m2 += (double) sample[i][y] * sample[i][y];
                }
                m1 /= s;
                m2 /= s;
                sum += Math.sqrt(Math.max(0, m2 - m1 * m1));
            }
            out[i] = sum / c;
        }
        return out;
    }

    /** −(p_(1) − p_(2)) per row: the smaller the margin between the two most probable classes, the higher. */
    static double[] negativeMargin(double[][] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double first = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (double v : p[i]) {
                if (v > first) {
                    second = first;
                    first = v;
                } else if (v > second) {
                    second = v;
                }
            }
            out[i] = -(first - (p[i].length > 1 ? second : 0));
        }
        return out;
    }

    /** The k indices of the largest scores, largest first (ties: the lower index first). */
    static int[] topK(double[] scores, int k) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static float[][][] samples(Acquisition a, ClassificationPredictive p) {
        return p.sampleProbabilities().orElseThrow(() -> new IllegalArgumentException(a.cliName() + " needs the"
                + " posterior's per-sample probabilities, which this predictive did not keep (a method without"
                + " samples, or S·n·C above " + ClassificationPredictive.KEEP_SAMPLES_MAX_VALUES
                + " values: use a smaller pool)"));
    }

    private static float[][] sampleMeans(Acquisition a, RegressionPredictive p) {
        return p.sampleMeans().orElseThrow(() -> new IllegalArgumentException(a.cliName() + " needs the"
                + " posterior's per-sample means, which this predictive did not keep (a method without"
                + " samples, or S·n above " + RegressionPredictive.KEEP_SAMPLES_MAX_VALUES
                + " values: use a smaller pool)"));
    }

    private static int[] randomSubset(int n, int k, SplittableRandom rng) {
        int[] idx = Splits.identity(n);
        Splits.shuffle(idx, rng);
        return Arrays.copyOf(idx, k);
    }

    /** A standard Gumbel draw −log(−log U). */
    private static double gumbel(SplittableRandom rng) {
        double u = rng.nextDouble();
        while (u == 0) {
            u = rng.nextDouble();
        }
        return -Math.log(-Math.log(u));
    }
}
