package org.bdl4j.curvature;

import ai.djl.ndarray.NDArray;

/**
 * The full S x S curvature over a {@link Subnetwork}: Σ_n Σ_k (J_{n,S}ᵀ v_nk)(J_{n,S}ᵀ v_nk)ᵀ, the
 * rows and columns of the subnetwork's indices of the P x P matrix of {@link FullCurvature}, built
 * from the chosen Jacobian columns of each batch ([K·B, S]) without forming the P-wide ones, in that
 * class's precision: per-batch products in float32 from {@link FullCurvature#SINGLE_PRECISION_FROM}
 * parameters, in float64 below, summed in float64.
 */
public final class SubnetworkCurvature implements CurvatureAccumulator {
    private final Subnetwork subnetwork;
    private final double[] matrix;
    private final GramSum gram;
    private final boolean singlePrecision;

    public SubnetworkCurvature(Subnetwork subnetwork) {
        int s = subnetwork.size();
        if (s > FullCurvature.MAX_PARAMETERS) {
            throw new IllegalArgumentException("a subnetwork needs at most " + FullCurvature.MAX_PARAMETERS
                    + " parameters, found " + s);
        }
        this.subnetwork = subnetwork;
        this.matrix = new double[s * s];
        this.gram = new GramSum(matrix, s);
        this.singlePrecision = s >= FullCurvature.SINGLE_PRECISION_FROM;
    }

    @Override
    public void add(java.util.List<LayerTaps.Tap> taps) {
        NDArray rows = subnetwork.columns(taps).reshape(-1, subnetwork.size());
        gram.add(FullCurvature.inPrecision(rows, singlePrecision));
    }

    /** The S x S matrix, row-major. */
    @Override
    public void flush() {
        gram.flush();
    }

    @Override
    public java.util.List<double[]> sums() {
        flush();
        return java.util.List.of(matrix.clone());
    }

    @Override
    public void addSums(java.util.List<double[]> other) {
        flush();
        CurvatureAccumulator.addInto(java.util.List.of(matrix), other);
    }

    public Subnetwork subnetwork() {
        return subnetwork;
    }

    /** The matrix, row-major S x S in the subnetwork's index order (not a copy). */
    public double[] matrix() {
        flush();
        return matrix;
    }
}
