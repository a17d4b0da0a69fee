package org.bdl4j.active;

/**
 * The expected reduction in variance for regression (Cohn 1996; the "ALC" criterion): a batch chosen greedily to reduce most the predictive variance summed over the
 * pool, under the Gaussian posterior over the latent function f that S posterior samples f_s(x_i) (the
 * per-sample means) estimate.
 *
 * <p>With m_i = (1/S) Σ_s f_s(x_i) and A the n x S matrix A_is = (f_s(x_i) − m_i)/√S, the posterior
 * covariance over the pool is Σ = A Aᵀ, Σ_ij = (1/S) Σ_s (f_s(x_i) − m_i)(f_s(x_j) − m_j). Labelling
 * row x with noise variance σ²_x (the predictive's aleatoric variance) conditions Σ on y_x = f(x) + ε,
 *
 * <pre>
 *   Σ' = Σ − Σ_{:,x} Σ_{x,:} / (Σ_xx + σ²_x),
 * </pre>
 *
 * which does not depend on the unseen y_x, and so lowers the predictive variance summed over the pool
 * (the pool as reference set; its noise variance is unchanged) by
 *
 * <pre>
 *   ΔV(x) = Σ_j Σ_jx² / (Σ_xx + σ²_x).
 * </pre>
 *
 * Each step takes the row not yet taken of largest ΔV (ties: the lower index), conditions Σ on it, and
 * scores the rest again, so a batch spreads out where the samples are correlated.
 *
 * <p><b>Without the n x n matrix.</b> Σ stays A M Aᵀ for an S x S symmetric M (M = I at the start):
 * conditioning on x gives A (M − M a_x a_xᵀ M / d_x) Aᵀ, with a_x row x of A and
 * d_x = a_xᵀ M a_x + σ²_x. With W = A M (n x S, row w_x = M a_x), the Gram matrix G = AᵀA (S x S) and
 * Z = W G (n x S):
 *
 * <pre>
 *   Σ_{:,x} = W a_x,   Σ_xx = a_x · w_x,   Σ_j Σ_jx² = ‖A M a_x‖² = w_xᵀ G w_x = w_x · z_x,
 *   ΔV(x)  = (w_x · z_x) / (Σ_xx + σ²_x),
 *   conditioning on x, with c = Σ_{:,x} = W a_x and d = Σ_xx + σ²_x:
 *   W ← W − c w_xᵀ / d,   Z ← Z − c z_xᵀ / d,   Σ_jj ← Σ_jj − c_j² / d,
 * </pre>
 *
 * in double precision: O(n·S²) once for G and Z, then O(n·S) per row chosen, and O(n·S) memory.
 */
final class VarianceReduction {
    private VarianceReduction() {}

    /**
     * The rows to acquire, in the order chosen.
     *
     * @param sampleMeans S x n posterior samples f_s(x_i) of the latent function over the pool
     * @param noiseVariance σ²_i ≥ 0 per row, in the units of the samples squared
     * @throws IllegalArgumentException for a non-finite sample or lengths that do not match
     */
    static int[] select(float[][] sampleMeans, double[] noiseVariance, int batch) {
        return select(sampleMeans, noiseVariance, batch, null);
    }

    /**
     * As {@link #select(float[][], double[], int)}, recording each step's ΔV of the row chosen in
     * {@code scores} when not null.
     */
    static int[] select(float[][] sampleMeans, double[] noiseVariance, int batch, double[] scores) {
        State state = new State(sampleMeans, noiseVariance);
        int n = state.n;
        int k = Math.min(batch, n);
        boolean[] taken = new boolean[n];
        int[] chosen = new int[k];
        for (int m = 0; m < k; m++) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    continue;
                }
                double score = state.reduction(i);
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            chosen[m] = best;
            taken[best] = true;
            if (scores != null) {
                scores[m] = bestScore;
            }
            if (m + 1 < k) {
                state.condition(best);
            }
        }
        return chosen;
    }

    /** ΔV(x) of every row before any is chosen. */
    static double[] reductions(float[][] sampleMeans, double[] noiseVariance) {
        State state = new State(sampleMeans, noiseVariance);
        double[] out = new double[state.n];
        for (int i = 0; i < out.length; i++) {
            out[i] = state.reduction(i);
        }
        return out;
    }

    /** W, Z and diag Σ of the text, with the samples' row means to form rows of A. */
    private static final class State {
        final int n;
        final int s;
        final float[][] f;
        final double[] noise;
        final double[] average;
        final double[][] w; // n x S
        final double[][] z; // n x S
        final double[] variance; // Σ_ii

        State(float[][] sampleMeans, double[] noiseVariance) {
            if (sampleMeans.length == 0) {
                throw new IllegalArgumentException("the expected reduction in variance needs at least one sample");
            }
            f = sampleMeans;
            s = sampleMeans.length;
            n = sampleMeans[0].length;
            if (noiseVariance.length != n) {
                throw new IllegalArgumentException("the noise variance has " + noiseVariance.length
                        + " rows, the samples " + n);
            }
            noise = noiseVariance;
            average = new double[n];
            for (float[] sample : sampleMeans) {
                if (sample.length != n) {
                    throw new IllegalArgumentException("every sample needs " + n + " rows, found " + sample.length);
                }
                for (int i = 0; i < n; i++) {
                    if (!Float.isFinite(sample[i])) {
                        throw new IllegalArgumentException("the expected reduction in variance needs finite sample"
                                + " means, found " + sample[i] + " at row " + i);
                    }
                    average[i] += sample[i];
                }
            }
            for (int i = 0; i < n; i++) {
                average[i] /= s;
            }
            w = new double[n][];
            variance = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = row(i);
                variance[i] = dot(w[i], w[i]);
            }
            double[][] g = new double[s][s]; // AᵀA
            for (double[] a : w) {
                for (int p = 0; p < s; p++) {
                    double ap = a[p];
                    if (ap == 0) {
                        continue;
                    }
                    double[] gp = g[p];
                    for (int q = p; q < s; q++) {
                        gp[q] += ap * a[q];
                    }
                }
            }
            for (int p = 0; p < s; p++) {
                for (int q = 0; q < p; q++) {
                    g[p][q] = g[q][p];
                }
            }
            z = new double[n][s];
            for (int i = 0; i < n; i++) {
                double[] a = w[i];
                double[] zi = z[i];
                for (int p = 0; p < s; p++) {
                    double ap = a[p];
                    if (ap == 0) {
                        continue;
                    }
                    double[] gp = g[p];
                    for (int q = 0; q < s; q++) {
                        zi[q] += ap * gp[q];
                    }
                }
            }
        }

        /** a_i: (f_s(x_i) − m_i)/√S over s. */
        double[] row(int i) {
            double scale = 1 / Math.sqrt(s);
            double[] a = new double[s];
            for (int t = 0; t < s; t++) {
                a[t] = (f[t][i] - average[i]) * scale;
            }
            return a;
        }

        /** ΔV(x) = (w_x · z_x) / (Σ_xx + σ²_x); 0 where Σ_xx + σ²_x is 0 (no variance to reduce). */
        double reduction(int x) {
            double d = Math.max(0, variance[x]) + noise[x];
            return d > 0 ? Math.max(0, dot(w[x], z[x])) / d : 0;
        }

        /** Σ conditioned on a noisy observation at row x. */
        void condition(int x) {
            double[] ax = row(x);
            double[] c = new double[n];
            for (int j = 0; j < n; j++) {
                c[j] = dot(w[j], ax);
            }
            double d = Math.max(0, c[x]) + noise[x];
            if (!(d > 0)) {
                return; // Σ_xx = 0: so is the column, nothing changes
            }
            double[] wx = w[x].clone();
            double[] zx = z[x].clone();
            for (int j = 0; j < n; j++) {
                double beta = c[j] / d;
                if (beta == 0) {
                    continue;
                }
                double[] wj = w[j];
                double[] zj = z[j];
                for (int t = 0; t < s; t++) {
                    wj[t] -= beta * wx[t];
                    zj[t] -= beta * zx[t];
                }
                variance[j] -= beta * c[j];
            }
        }

        private static double dot(double[] a, double[] b) {
            double sum = 0;
            for (int t = 0; t < a.length; t++) {
                sum += a[t] * b[t];
            }
            return sum;
        }
    }
}
