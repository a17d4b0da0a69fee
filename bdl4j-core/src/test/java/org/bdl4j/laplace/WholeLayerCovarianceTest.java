package org.bdl4j.laplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.curvature.LayerTaps;
import org.bdl4j.curvature.LinearLayer;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

/**
 * The output covariances of a full Laplace over one whole Linear layer, which {@link FullPrecision}
 * computes without forming the Jacobian and in chunks of rows ({@link FullPrecision#rowsPerProduct}),
 * against J Σ Jᵀ written out row by row in plain Java from Σ = (H + λI)⁻¹ inverted by EJML. Each
 * case predicts a few rows more than one chunk, so that a full chunk and a partial one are both checked.
 */
class WholeLayerCovarianceTest {
    private static final int IN = 29;
    private static final int OUT = 10;
    private static final int IN1 = IN + 1;
    private static final int P = OUT * IN1;
    private static final double LAMBDA = 2.0;

    @Test
    void variancesOfTheLogitsAreThoseOfTheExplicitCovariance() {
        check(null, true, FullPrecision.rowsPerProduct((long) OUT * IN1) + 5);
    }

    @Test
    void covariancesOfTheLogitsAreThoseOfTheExplicitCovariance() {
        check(null, false, FullPrecision.rowsPerProduct((long) OUT * OUT * IN1) + 5);
    }

    @Test
    void outputsBeyondTheLayerContractItsCovarianceWithTheirGradients() {
        int rows = (int) FullPrecision.rowsPerProduct((long) OUT * OUT * IN1) + 5;
        check(3, false, rows);
        check(3, true, rows);
    }

    /**
     * @param outputs the network's outputs when the layer is followed by a linear map with random
     *     gradients g [C, B, out] (null: the layer's outputs are the logits)
     */
    private static void check(Integer outputs, boolean diagonalOnly, long rows) {
        int b = (int) rows;
        assertThat(rows).isGreaterThan(FullPrecision.rowsPerProduct(perRow(outputs, diagonalOnly)));
        LinearLayer layer = new LinearLayer(0, IN, OUT, 0, OUT * IN);
        double[] h = curvature(7);
        double[] sigma = inverse(h);
        SplittableRandom rng = new SplittableRandom(11);
        double[] x = gaussian(rng, b * IN1);
        int c = outputs == null ? OUT : outputs;
        double[] g = outputs == null ? null : gaussian(rng, c * b * OUT); // [C, B, out]
        try (NDManager m = NDManager.newBaseManager();
                FullPrecision precision = new FullPrecision(List.of(layer), h.clone(), m)) {
            precision.setPriorPrecision(new double[] {LAMBDA});
            NDArray xs = m.create(x, new Shape(b, IN1));
            NDArray gs = g == null ? null : m.create(g, new Shape(c, b, OUT));
            double[] got = precision.logitCovariance(List.of(new LayerTaps.Tap(layer, xs, gs)), diagonalOnly)
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            int width = diagonalOnly ? c : c * c;
            assertThat(got).hasSize(b * width);
            double largest = 0;
            double[] want = new double[got.length];
            for (int r = 0; r < b; r++) {
                double[][] inner = new double[OUT][OUT]; // ãᵀ Σ_oo' ã
                for (int o = 0; o < OUT; o++) {
                    for (int q = 0; q < OUT; q++) {
                        double v = 0;
                        for (int i = 0; i < IN1; i++) {
                            for (int j = 0; j < IN1; j++) {
                                v += x[r * IN1 + i] * sigma[(o * IN1 + i) * P + q * IN1 + j] * x[r * IN1 + j];
                            }
                        }
                        inner[o][q] = v;
                    }
                }
                for (int k = 0; k < c; k++) {
                    for (int k2 = 0; k2 < c; k2++) {
                        if (diagonalOnly && k2 != k) {
                            continue;
                        }
                        double v = 0;
                        for (int o = 0; o < OUT; o++) {
                            for (int q = 0; q < OUT; q++) {
                                double go = g == null ? (o == k ? 1 : 0) : g[(k * b + r) * OUT + o];
                                double gq = g == null ? (q == k2 ? 1 : 0) : g[(k2 * b + r) * OUT + q];
                                v += go * gq * inner[o][q];
                            }
                        }
                        want[r * width + (diagonalOnly ? k : k * c + k2)] = v;
                        largest = Math.max(largest, Math.abs(v));
                    }
                }
            }
            // both are sums of P² products of double-precision values; Σ's two inverses agree to about
            // κ(H + λI) ε relative, far below 1e-9 for this well-conditioned precision
            assertThat(got).containsExactly(want, within(1e-9 * largest));
        }
    }

    private static long perRow(Integer outputs, boolean diagonalOnly) {
        return (long) OUT * (outputs == null && diagonalOnly ? 1 : OUT) * IN1;
    }

    private static double[] gaussian(SplittableRandom rng, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextGaussian();
        }
        return out;
    }

    /** A random positive semi-definite P x P curvature with entries exact in float32 (as the structure keeps it). */
    private static double[] curvature(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = gaussian(rng, P * P);
        double[] h = new double[P * P];
        for (int i = 0; i < P; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0;
                for (int k = 0; k < P; k++) {
                    v += a[k * P + i] * a[k * P + j];
                }
                h[i * P + j] = (float) (v / P);
                h[j * P + i] = h[i * P + j];
            }
        }
        return h;
    }

    /** (H + λI)⁻¹ by EJML. */
    private static double[] inverse(double[] h) {
        SimpleMatrix precision = new SimpleMatrix(P, P, true, h);
        for (int i = 0; i < P; i++) {
            precision.set(i, i, precision.get(i, i) + LAMBDA);
        }
        SimpleMatrix inv = precision.invert();
        double[] out = new double[P * P];
        for (int i = 0; i < P; i++) {
            for (int j = 0; j < P; j++) {
                out[i * P + j] = inv.get(i, j);
            }
        }
        return out;
    }
}
