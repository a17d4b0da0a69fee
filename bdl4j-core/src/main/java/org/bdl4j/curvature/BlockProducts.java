package org.bdl4j.curvature;

import ai.djl.ndarray.types.DataType;

/**
 * How the full curvature of one Linear layer adds a batch: with the per-sample output curvature G_b,
 * the block (o, o') of Σ_b G_b ⊗ ã_b ã_bᵀ is Σ_b (G_b)_oo' ã_b ã_bᵀ, and the matrix is symmetric, so
 * each strategy adds at least the upper triangle of every block o' ≥ o (rows (o, i), columns (o', j)
 * with j ≥ {@link #firstColumn}(i), which is at most i) into a row-major P x P matrix, P = out·(in+1);
 * {@link FullCurvature} mirrors the rest.
 * Both give the same sums; they differ in cost with the layer's shape.
 */
interface BlockProducts {
    /** Inputs (with the bias) from which {@link TriangleProducts} pays (with at most {@link #TRIANGLE_MAX_OUTPUTS}). */
    int TRIANGLE_MIN_INPUTS = 128;
    /** Outputs up to which {@link TriangleProducts} pays (its scaled copies grow with the block pairs). */
    int TRIANGLE_MAX_OUTPUTS = 16;

    /**
     * The faster strategy for a layer of {@code in1} inputs (with the bias) and {@code out} outputs. In a
     * microbenchmark of the accumulation (2 threads, AMD EPYC; docs/benchmarks.md, "Last-layer
     * Laplace"), triangles over whole blocks took 0.63x the time at 257 x 10, 0.83x at 129 x 10, 0.92x at
     * 257 x 30, but 1.27x at 65 x 10, 1.34x at 129 x 30 and 1.74x at 65 x 50.
     */
    static BlockProducts forLayer(int in1, int out) {
        return in1 >= TRIANGLE_MIN_INPUTS && out <= TRIANGLE_MAX_OUTPUTS ? new TriangleProducts()
                : new WholeBlockProducts();
    }

    /** Adds the tap's batch into {@code matrix} (P x P, row-major), products in {@code type}. */
    void add(LayerTaps.Tap t, DataType type, double[] matrix, int size);

    /** The first column j ≤ i that {@link #add} fills in row i of every block o' ≥ o. */
    int firstColumn(int row);
}
