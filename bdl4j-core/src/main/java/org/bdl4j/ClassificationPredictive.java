package org.bdl4j;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A predictive distribution over C classes for n inputs, with its uncertainty decomposition by
 * entropy (Depeweg et al. 2018; the docs/design.md convention):
 *
 * <pre>
 *   total      H[E_θ p(y|x,θ)]            = {@link #entropy()}
 *   aleatoric  E_θ H[p(y|x,θ)]            = {@link #expectedEntropy()}
 *   epistemic  total - aleatoric = I(y;θ) = {@link #mutualInformation()}
 * </pre>
 *
 * Methods with weight samples (MC dropout, ensembles, sampled Laplace, VI, SWAG, MCMC) give the
 * per-sample probabilities; a point estimate (MAP) has expected entropy = entropy and mutual
 * information 0. Natural logarithms throughout (nats). Every row of probabilities is a distribution:
 * entries in [0, 1] summing to 1 up to round-off ({@link #normalize}).
 */
public final class ClassificationPredictive implements Predictive {
    /**
     * Methods with posterior samples keep their per-sample probabilities ({@link #sampleProbabilities()},
     * which batch acquisitions such as BatchBALD need) when S·n·C is at most this many values (64 MiB of
     * float32); larger predictives keep only their moments and votes. Regression predictives keep their
     * S x n per-sample means under the same bound ({@link RegressionPredictive#KEEP_SAMPLES_MAX_VALUES}).
     */
    public static final long KEEP_SAMPLES_MAX_VALUES = 1L << 24;

    /** Whether a predictive of S samples, n rows and C classes keeps its samples: S·n·C ≤ {@link #KEEP_SAMPLES_MAX_VALUES}. */
    public static boolean keepsSamples(int samples, int rows, int classes) {
        return (long) samples * rows * classes <= KEEP_SAMPLES_MAX_VALUES;
    }

    /** How far from a distribution a row may be and still count as round-off. */
    static final double ROUND_OFF = 1e-6;
    /** How far from 1 a row's sum may be and be kept as it is: double round-off over a row. */
    static final double SUM_ROUND_OFF = 1e-12;

    private final double[][] probabilities;
    private final double[] expectedEntropy;
    private final float[][][] samples; // may be null
    private final double[] variationRatio; // may be null
    private final List<String> classNames;

    private ClassificationPredictive(double[][] probabilities, double[] expectedEntropy, float[][][] samples,
            double[] variationRatio, List<String> classNames) {
        this.probabilities = probabilities;
        this.expectedEntropy = expectedEntropy;
        this.samples = samples;
        this.variationRatio = variationRatio;
        this.classNames = List.copyOf(classNames);
        if (variationRatio != null && variationRatio.length != probabilities.length) {
            throw new IllegalArgumentException("variation ratio has " + variationRatio.length + " rows, expected "
                    + probabilities.length);
        }
        if (probabilities.length > 0 && probabilities[0].length != classNames.size()) {
            throw new IllegalArgumentException("probabilities have " + probabilities[0].length + " classes, names "
                    + classNames.size());
        }
    }

    /** A point estimate: aleatoric = total entropy, epistemic = 0, variation ratio 0. */
    public static ClassificationPredictive ofPoint(double[][] probabilities, List<String> classNames) {
        double[] h = new double[probabilities.length];
        for (int i = 0; i < h.length; i++) {
            normalize(probabilities[i]);
            h[i] = entropy(probabilities[i]); // of the row as kept: mutual information exactly 0
        }
        return new ClassificationPredictive(probabilities, h, null, new double[probabilities.length], classNames);
    }

    /**
     * The Monte Carlo predictive from S weight samples: p = (1/S) Σ_s p_s and E H = (1/S) Σ_s H[p_s].
     *
     * @param samples S x n x C per-sample probabilities
     * @param keepSamples whether {@link #sampleProbabilities()} keeps them (memory: S·n·C floats)
     */
    public static ClassificationPredictive ofSamples(float[][][] samples, List<String> classNames,
            boolean keepSamples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("at least one sample is needed");
        }
        int s = samples.length;
        int n = samples[0].length;
        int c = n == 0 ? classNames.size() : samples[0][0].length;
        double[][] mean = new double[n][c];
        double[] expected = new double[n];
        double[] row = new double[c];
        int[] votes = new int[n * c];
        for (float[][] sample : samples) {
            if (sample.length != n) {
                throw new IllegalArgumentException("every sample needs " + n + " rows, found " + sample.length);
            }
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) {
                    row[k] = sample[i][k];
                    mean[i][k] += row[k];
                }
                expected[i] += entropy(row);
                votes[i * c + argmax(row)]++;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                mean[i][k] /= s;
            }
            normalize(mean[i]);
            expected[i] /= s;
        }
        return new ClassificationPredictive(mean, expected, keepSamples ? samples : null,
                variationRatio(votes, n, c, s), classNames);
    }

    /**
     * The variation ratio 1 − f_m / S of each row from its arg-max counts (n x C, row-major), where f_m
     * is the count of the modal class (Freeman 1965; Gal 2016, section 3.3.1).
     */
    public static double[] variationRatio(int[] votes, int n, int c, int s) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int modal = 0;
            for (int k = 0; k < c; k++) {
                modal = Math.max(modal, votes[i * c + k]);
            }
            out[i] = 1.0 - (double) modal / s;
        }
        return out;
    }

    /**
     * A predictive whose method computed the mean and the expected entropy itself (e.g. streaming
     * over samples without keeping them).
     */
    public static ClassificationPredictive of(double[][] probabilities, double[] expectedEntropy,
            List<String> classNames) {
        return of(probabilities, expectedEntropy, null, classNames);
    }

    /**
     * {@link #of(double[][], double[], List)} with the variation ratio of each row (null when unknown).
     */
    public static ClassificationPredictive of(double[][] probabilities, double[] expectedEntropy,
            double[] variationRatio, List<String> classNames) {
        return of(probabilities, expectedEntropy, variationRatio, null, classNames);
    }

    /**
     * {@link #of(double[][], double[], double[], List)} that also keeps the per-sample probabilities
     * (S x n x C, may be null) from which the method computed the rest in higher precision.
     */
    public static ClassificationPredictive of(double[][] probabilities, double[] expectedEntropy,
            double[] variationRatio, float[][][] samples, List<String> classNames) {
        Objects.requireNonNull(expectedEntropy, "expectedEntropy");
        if (samples != null && samples.length > 0 && samples[0].length != probabilities.length) {
            throw new IllegalArgumentException("samples have " + samples[0].length + " rows, expected "
                    + probabilities.length);
        }
        if (expectedEntropy.length != probabilities.length) {
            throw new IllegalArgumentException("expected entropy has " + expectedEntropy.length + " rows, expected "
                    + probabilities.length);
        }
        for (double[] row : probabilities) {
            normalize(row);
        }
        return new ClassificationPredictive(probabilities, expectedEntropy, samples, variationRatio, classNames);
    }

    @Override
    public int size() {
        return probabilities.length;
    }

    public int numClasses() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The predictive probabilities, n x C (not a copy). */
    public double[][] probabilities() {
        return probabilities;
    }

    /** The per-sample probabilities S x n x C, where the method has samples and kept them. */
    public Optional<float[][][]> sampleProbabilities() {
        return Optional.ofNullable(samples);
    }

    /**
     * The variation ratio 1 − f_m / S per row: the fraction of the S posterior samples whose arg-max
     * (ties: the lowest index) is not the most frequent one; 0 for a point estimate, empty where the
     * method did not count its samples' votes (a copy).
     */
    public Optional<double[]> variationRatio() {
        return Optional.ofNullable(variationRatio).map(double[]::clone);
    }

    /** The arg-max class index per row (ties: the lowest index). */
    public int[] predictions() {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = argmax(probabilities[i]);
        }
        return out;
    }

    /** The largest predictive probability per row. */
    public double[] confidence() {
        double[] out = new double[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = probabilities[i][argmax(probabilities[i])];
        }
        return out;
    }

    /** Total uncertainty: the entropy of the predictive mean, H[p] = -Σ_k p_k log p_k. */
    public double[] entropy() {
        double[] out = new double[probabilities.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = entropy(probabilities[i]);
        }
        return out;
    }

    /** Aleatoric uncertainty: E_θ H[p(y|x,θ)] (a copy). */
    public double[] expectedEntropy() {
        return expectedEntropy.clone();
    }

    /**
     * Epistemic uncertainty: the mutual information H[E p] - E H[p] between the label and the
     * weights. Non-negative by Jensen's inequality; floating-point round-off below zero is set to 0.
     */
    public double[] mutualInformation() {
        double[] h = entropy();
        for (int i = 0; i < h.length; i++) {
            h[i] = Math.max(0.0, h[i] - expectedEntropy[i]);
        }
        return h;
    }

    /**
     * Keeps a row of averaged or linked probabilities a distribution, in place: an average of S softmax
     * rows computed in floating point can exceed 1 by a few ulps (1.0000000000000007 was seen) or fall
     * below 0 by round-off, and an average of float32 softmax rows (ensembles, MC dropout, sampled
     * links) sums to 1 only within about 1e-7. Only such a row (an entry outside [0, 1], or a sum
     * further than {@value #SUM_ROUND_OFF} from 1) is changed: entries below 0 set to 0, then divided
     * by the row's sum (a correctly rounded p/s with p ≤ s is at most 1, and the row then sums to 1
     * within double round-off); every other row is kept bit for bit. A row further than
     * {@value #ROUND_OFF} from a distribution, or with a NaN, is left as it is for the checks to
     * report: it is a defect, not round-off.
     */
    static void normalize(double[] row) {
        double sum = 0;
        boolean outside = false;
        for (double v : row) {
            if (!(v >= -ROUND_OFF)) {
                return;
            }
            outside |= v < 0 || v > 1;
            sum += Math.max(0, v);
        }
        double off = Math.abs(sum - 1);
        if (off > ROUND_OFF || (!outside && off <= SUM_ROUND_OFF)) {
            return;
        }
        for (int k = 0; k < row.length; k++) {
            row[k] = Math.max(0, row[k]) / sum;
        }
    }

    /** H[p] in nats, with 0 log 0 = 0. */
    public static double entropy(double[] p) {
        double h = 0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }

    /** The index of the largest entry (ties: the lowest index). */
    public static int argmax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}
