package org.bdl4j.active;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * BatchBALD (Kirsch, van Amersfoort and Gal, NeurIPS 2019, Algorithm 1): a batch chosen greedily to
 * maximise the mutual information between its joint labels and the weights,
 *
 * <pre>
 *   a(x_1..x_m) = H(y_1..y_m) − Σ_i E_θ H(y_i | θ),   p(y_1..y_m) = (1/S) Σ_s Π_i p_s(y_i | x_i),
 * </pre>
 *
 * over S equally weighted posterior samples p_s. Each step adds the candidate of largest
 * a(chosen ∪ {x}). The joint entropy is exact, summed over all C^m label configurations, while
 * C^m ≤ {@link #EXACT_CONFIGURATIONS}; beyond, it is estimated from M configurations of the chosen
 * rows drawn ancestrally from the mixture (a sample s, then each y_i from p_s), resampled at every step,
 * with the new row's label summed exactly: H ≈ −(1/M) Σ_j Σ_c p(c | y^(j)) log p(y^(j), c). Greedy
 * selection is within 1 − 1/e of the best batch, as the joint mutual information is submodular.
 *
 * <p>Each step scores every candidate at once: p̄ for all configurations and candidates is one float64
 * matrix product (configurations x S by S x n·C, in column blocks of at most 32 MiB), so a step costs
 * about M·S·n·C multiply-adds in libtorch's GEMM (10^10 for M = 2,000, S = 100, n = 5,000, C = 10).
 */
final class BatchBald {
    /** The largest number of label configurations (chosen rows and candidate) summed exactly. */
    static final int EXACT_CONFIGURATIONS = 4096;
    /** Configurations sampled once the exact sum is too large. */
    static final int SAMPLED_CONFIGURATIONS = 2000;
    /** The most values of one block of p̄ (configurations x candidate rows x classes) held at once: 32 MiB. */
    private static final long BLOCK_VALUES = 1L << 22;

    private BatchBald() {}

    /**
     * The rows to acquire, in the order chosen.
     *
     * @param samples S x n x C per-sample probabilities of the n candidate rows
     * @param seed draws the sampled configurations
     */
    static int[] select(float[][][] samples, int batch, long seed) {
        return select(samples, batch, seed, EXACT_CONFIGURATIONS, SAMPLED_CONFIGURATIONS, null);
    }

    /**
     * As {@link #select(float[][][], int, long)} with the limits given, recording each step's joint
     * mutual information in {@code scores} when not null.
     */
    static int[] select(float[][][] samples, int batch, long seed, int exactConfigurations, int sampledConfigurations,
            double[] scores) {
        int s = samples.length;
        int n = samples[0].length;
        int c = samples[0][0].length;
        int k = Math.min(batch, n);
        double[] conditional = conditionalEntropies(samples);
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[] taken = new boolean[n];
        int[] chosen = new int[k];
        double sumConditional = 0;
        // joint[s][j]: Π over the chosen rows of p_s(y_i = configuration j's label); exact or sampled
        double[][] joint = ones(s, 1);
        boolean exact = true;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray probabilities = sampleMatrix(manager, samples);
            for (int m = 0; m < k; m++) {
                long configurations = (long) joint[0].length * c;
                if (exact && configurations > exactConfigurations) {
                    exact = false;
                }
                if (!exact) {
                    joint = sampledJoint(samples, chosen, m, sampledConfigurations, rng);
                }
                double[] h = jointEntropies(manager, probabilities, joint, !exact, n, c);
                int best = -1;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double score = h[i] - sumConditional - conditional[i];
                    if (!taken[i] && score > bestScore) {
                        bestScore = score;
                        best = i;
                    }
                }
                chosen[m] = best;
                taken[best] = true;
                sumConditional += conditional[best];
                if (scores != null) {
                    scores[m] = bestScore;
                }
                if (exact) {
                    joint = extend(joint, samples, best, c);
                }
            }
        }
        return chosen;
    }

    /** E_θ H(y_i | θ) = (1/S) Σ_s H(p_s(· | x_i)) per row. */
    static double[] conditionalEntropies(float[][][] samples) {
        int n = samples[0].length;
        double[] h = new double[n];
        for (float[][] sample : samples) {
            for (int i = 0; i < n; i++) {
                for (float p : sample[i]) {
                    if (p > 0) {
                        h[i] -= p * Math.log(p);
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            h[i] /= samples.length;
        }
        return h;
    }

    /** The S x (n·C) matrix of the samples' probabilities, row s = sample s's rows one after the other, in float64. */
    private static NDArray sampleMatrix(NDManager manager, float[][][] samples) {
        int s = samples.length;
        int n = samples[0].length;
        int c = samples[0][0].length;
        float[] flat = new float[s * n * c];
        int at = 0;
        for (float[][] sample : samples) {
            for (float[] row : sample) {
                System.arraycopy(row, 0, flat, at, c);
                at += c;
            }
        }
        return manager.create(flat, new Shape(s, (long) n * c)).toType(DataType.FLOAT64, false);
    }

    /**
     * The joint entropy H(y_chosen, y_i) of every row i, with p̄(j, c) = (1/S) Σ_s joint[s][j] p_s(c | x_i):
     * the matrix product (1/S) jointᵀ P over column blocks of the sample matrix P. Exact (all configurations
     * j): −Σ_j Σ_c p̄ log p̄. Sampled (j drawn from p(y_chosen)): the importance-weighted
     * −(1/M) Σ_j Σ_c [p̄(j, c) / p(j)] log p̄(j, c), with p(j) = (1/S) Σ_s joint[s][j] (a configuration whose
     * p(j) underflowed to 0 is left out).
     */
    private static double[] jointEntropies(NDManager parent, NDArray probabilities, double[][] joint, boolean sampled,
            int n, int c) {
        int s = joint.length;
        int configurations = joint[0].length;
        double[] flat = new double[configurations * s];
        double[] weight = new double[configurations];
        for (int j = 0; j < configurations; j++) {
            double pj = 0;
            for (int t = 0; t < s; t++) {
                flat[j * s + t] = joint[t][j] / s;
                pj += joint[t][j];
            }
            pj /= s;
            weight[j] = !sampled ? 1.0 : pj > 0 ? 1.0 / (configurations * pj) : 0.0;
        }
        double[] h = new double[n];
        int rowsPerBlock = Math.max(1, (int) Math.min(n, BLOCK_VALUES / ((long) configurations * c)));
        try (NDManager manager = parent.newSubManager()) {
            NDArray mixtureT = manager.create(flat, new Shape(configurations, s));
            NDArray w = manager.create(weight, new Shape(1, configurations));
            for (int from = 0; from < n; from += rowsPerBlock) {
                int rows = Math.min(rowsPerBlock, n - from);
                try (NDManager block = manager.newSubManager()) {
                    NDArray columns = probabilities.get(":, {}:{}", (long) from * c, (long) (from + rows) * c);
                    columns.attach(block);
                    NDArray p = mixtureT.matMul(columns);
                    p.attach(block);
                    NDArray plogp = p.mul(p.maximum(Double.MIN_NORMAL).log());
                    double[] sums = w.matMul(plogp).reshape(rows, c).sum(new int[] {1}).toDoubleArray();
                    for (int i = 0; i < rows; i++) {
                        h[from + i] = -sums[i];
                    }
                }
            }
        }
        return h;
    }

    /** joint' [s][j·C + y] = joint[s][j] · p_s(y | x_row): the exact joint with one more row. */
    private static double[][] extend(double[][] joint, float[][][] samples, int row, int c) {
        int s = joint.length;
        int configurations = joint[0].length;
        double[][] out = new double[s][configurations * c];
        for (int t = 0; t < s; t++) {
            for (int j = 0; j < configurations; j++) {
                for (int y = 0; y < c; y++) {
                    out[t][j * c + y] = joint[t][j] * samples[t][row][y];
                }
            }
        }
        return out;
    }

    /** M configurations of the first m chosen rows drawn from the mixture, as the products Π_i p_s(y_i). */
    private static double[][] sampledJoint(float[][][] samples, int[] chosen, int m, int configurations,
            SplittableRandom rng) {
        int s = samples.length;
        double[][] out = ones(s, configurations);
        for (int j = 0; j < configurations; j++) {
            int from = rng.nextInt(s);
            for (int r = 0; r < m; r++) {
                float[] p = samples[from][chosen[r]];
                int y = draw(p, rng);
                for (int t = 0; t < s; t++) {
                    out[t][j] *= samples[t][chosen[r]][y];
                }
            }
        }
        return out;
    }

    private static int draw(float[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        double sum = 0;
        for (int y = 0; y < p.length; y++) {
            sum += p[y];
            if (u < sum) {
                return y;
            }
        }
        return p.length - 1; // round-off: the row sums to slightly below 1
    }

    private static double[][] ones(int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (double[] r : a) {
            java.util.Arrays.fill(r, 1.0);
        }
        return a;
    }
}
