package org.bdl4j.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.bdl4j.Likelihood;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The subnetwork curvature is the P x P curvature restricted to the chosen rows and columns: checked
 * against {@link FullCurvature} over every Linear layer (itself checked against brute force in
 * {@link CurvatureTest}), for indices spread over all layers (weights and biases) and for indices in
 * the last layer alone (its GGN comes from the per-sample loss Hessians, not back-propagation).
 */
class SubnetworkCurvatureTest {

    @ParameterizedTest
    @EnumSource(value = CurvatureType.class, names = {"GGN", "EF"})
    void subnetworkCurvatureIsTheFullCurvatureRestrictedToItsIndices(CurvatureType type) {
        Dataset data = CurvatureTest.data(17, 5);
        NetworkSpec spec = NetworkSpec.mlp(new int[] {3}, new int[] {4, 3}, Activation.TANH, 0f, 3);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 9)) {
            List<LinearLayer> all = LinearLayer.of(net);
            int p = Subnetwork.parameterCount(all);
            assertThat(p).isEqualTo(16 + 15 + 12);
            FullCurvature full = new FullCurvature(all);
            CurvatureSweep.run(net, all, data, Likelihood.CATEGORICAL, Double.NaN, type, 5, full);
            // layer 0: a weight and the bias of output 2 (index 2·4 + 3); layer 1: none; layer 2: two
            int[] spread = {42, 1, 11, 31, 39}; // given unsorted
            int[] lastOnly = {31, 33, 36, 42};
            for (int[] indices : new int[][] {spread, lastOnly}) {
                Subnetwork s = Subnetwork.of(all, indices);
                SubnetworkCurvature sub = new SubnetworkCurvature(s);
                CurvatureSweep.run(net, s.layers(), data, Likelihood.CATEGORICAL, Double.NaN, type, 5, sub);
                int[] sorted = s.indices();
                assertThat(sorted).isSorted().containsExactlyInAnyOrder(indices);
                int n = sorted.length;
                double[] expected = new double[n * n];
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        expected[a * n + b] = full.matrix()[sorted[a] * p + sorted[b]];
                    }
                }
                CurvatureTest.assertMatches(sub.matrix(), expected, 1e-6);
            }
            Subnetwork s = Subnetwork.of(all, spread);
            assertThat(s.layers()).containsExactly(all.get(0), all.get(2));
            assertThat(s.groupSizes()).containsExactly(2, 3);
            // θ order: layer 0 weight [4, 3] then bias [4]; index 11 is output 2's bias
            assertThat(s.flatIndices()).containsExactly(1, all.get(0).biasOffset() + 2,
                    all.get(2).flatIndex(0, 0), all.get(2).flatIndex(2, 0), all.get(2).flatIndex(2, 3));
        }
    }

    @Test
    void badIndicesAreOneLineErrors() {
        NetworkSpec spec = NetworkSpec.mlp(new int[] {3}, new int[] {4}, Activation.TANH, 0f, 3);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 9)) {
            List<LinearLayer> all = LinearLayer.of(net);
            assertThatThrownBy(() -> Subnetwork.of(all, new int[] {0, 31})).hasMessage(
                    "subnetwork index 31 is outside [0, 31) (the Linear layers' parameters)");
            assertThatThrownBy(() -> Subnetwork.of(all, new int[] {4, 2, 4})).hasMessage(
                    "subnetwork index 4 is given twice");
            assertThatThrownBy(() -> Subnetwork.of(all, new int[0])).hasMessage(
                    "a subnetwork needs at least one parameter index, found none");
        }
    }

    /** The GGN cotangents are the square-root columns of the per-sample loss Hessians: Σ_k v_k v_kᵀ = Λ_b. */
    @Test
    void outputHessianSquareRootReproducesTheHessians() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray f = m.create(new double[] {0.3, -1.2, 2.0, 0.0, 0.5, -0.5}, new ai.djl.ndarray.types
                    .Shape(2, 3));
            OutputHessian h = OutputHessian.at(Likelihood.CATEGORICAL, Double.NaN, f);
            ai.djl.ndarray.NDArray v = h.squareRoot(); // [K, B, C]
            double[] rebuilt = v.transpose(1, 2, 0).batchMatMul(v.transpose(1, 0, 2)).toDoubleArray();
            // Λ_b = diag(p_b) - p_b p_bᵀ with p_b the softmax of row b, in Java
            double[] logits = f.toDoubleArray();
            double[] expected = new double[2 * 3 * 3];
            for (int b = 0; b < 2; b++) {
                double z = 0;
                for (int c = 0; c < 3; c++) {
                    z += Math.exp(logits[b * 3 + c]);
                }
                for (int c = 0; c < 3; c++) {
                    double pc = Math.exp(logits[b * 3 + c]) / z;
                    for (int d = 0; d < 3; d++) {
                        double pd = Math.exp(logits[b * 3 + d]) / z;
                        expected[(b * 3 + c) * 3 + d] = (c == d ? pc : 0) - pc * pd;
                    }
                }
            }
            for (int i = 0; i < expected.length; i++) {
                assertThat(rebuilt[i]).isCloseTo(expected[i], within(1e-15));
            }
        }
    }
}
