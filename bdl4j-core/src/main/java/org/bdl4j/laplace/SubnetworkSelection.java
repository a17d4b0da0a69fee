package org.bdl4j.laplace;

/**
 * Which parameters form the subnetwork of a subnetwork Laplace (Daxberger et al. 2021, "Bayesian
 * deep learning via subnetwork inference"; laplace-torch's {@code SubnetLaplace}): a full-covariance
 * Laplace over S chosen weights and biases of the Linear layers, every other weight at the MAP.
 * Indices count the parameters of every Linear layer in turn, each layer in the augmented layout
 * [out, in + 1] (row o holds output o's weights then its bias; see
 * {@link org.bdl4j.curvature.Subnetwork}).
 */
public sealed interface SubnetworkSelection {

    /** The parameters at {@code indices} (any order, no repeats), e.g. a mask chosen elsewhere. */
    static SubnetworkSelection of(int... indices) {
        if (indices == null || indices.length == 0) {
            throw new IllegalArgumentException("a subnetwork needs at least one parameter index, found none");
        }
        return new Given(indices);
    }

    /**
     * The S parameters with the largest marginal variance under a diagonal Laplace over every Linear
     * layer (see {@link LargestVarianceSubnetwork}).
     */
    static SubnetworkSelection largestVariance(int size) {
        LaplaceMethod.SUBNETWORK_SIZE.check(size);
        return new LargestVariance(size);
    }

    /** Given indices. */
    record Given(int[] indices) implements SubnetworkSelection {
        public Given {
            indices = indices.clone();
        }

        @Override
        public int[] indices() {
            return indices.clone();
        }
    }

    /** The top-S marginal variances of a diagonal Laplace. */
    record LargestVariance(int size) implements SubnetworkSelection {}
}
