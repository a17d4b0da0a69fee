package org.bdl4j.laplace;

import java.util.Arrays;

/**
 * The subnetwork of the S parameters with the largest marginal posterior variance under a diagonal
 * Laplace over every Linear layer (Daxberger et al. 2021, §4, as a cheap proxy for the
 * Wasserstein-optimal subnetwork; laplace-torch's {@code LargestVarianceDiagLaplaceSubnetMask}):
 * σ²_i = 1/(h_i + λ), with h the diagonal of the curvature (the posterior's type, GGN by default) and λ
 * the scalar prior precision. Ties go to the lower index. With one λ for every weight this is the S
 * parameters of smallest curvature h_i, whatever λ.
 */
final class LargestVarianceSubnetwork {
    private LargestVarianceSubnetwork() {}

    /** The indices of the {@code size} largest 1/(h_i + λ), ascending. */
    static int[] indices(double[] diagonal, double lambda, int size) {
        if (size < 1 || size > diagonal.length) {
            throw new IllegalArgumentException("subnetworkSize must be in [1, " + diagonal.length
                    + "] (the Linear layers' parameters), found " + size);
        }
        Integer[] order = new Integer[diagonal.length];
        double[] variance = new double[diagonal.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            variance[i] = 1 / (diagonal[i] + lambda);
        }
        Arrays.sort(order, (a, b) -> variance[a] != variance[b] ? Double.compare(variance[b], variance[a])
                : Integer.compare(a, b));
        int[] out = new int[size];
        for (int s = 0; s < size; s++) {
            out[s] = order[s];
        }
        Arrays.sort(out);
        return out;
    }
}
