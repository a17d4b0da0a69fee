package org.bdl4j.continual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bdl4j.TestTables;
import org.bdl4j.curvature.BruteForceNetwork;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.ActiveOutputs;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * The diagonal Fisher of continual learning against brute force: per row, the parameter Jacobian J_n
 * by autograd one output at a time ({@link BruteForceNetwork}), then
 * F_i = Σ_n Σ_{a,b} J_n[a,i] W_n[a,b] J_n[b,i] with W_n = diag(p) - ppᵀ (the exact Fisher: the
 * expectation over ỹ ~ p of the squared score) or (p - e_y)(p - e_y)ᵀ (the empirical Fisher), p the
 * softmax over the head's classes only when a head is given.
 */
class DiagonalFisherTest {
    private static final int CLASSES = 4;

    @Test
    void exactFisherEqualsTheExpectedSquaredScorePerRow() {
        check(CurvatureType.GGN, null);
    }

    @Test
    void empiricalFisherEqualsTheSquaredScoreAtTheLabels() {
        check(CurvatureType.EF, null);
    }

    @Test
    void aTasksHeadRestrictsTheSoftmaxToItsClasses() {
        check(CurvatureType.GGN, ActiveOutputs.of(CLASSES, 1, 3));
        check(CurvatureType.EF, ActiveOutputs.of(CLASSES, 1, 3));
    }

    private static void check(CurvatureType type, ActiveOutputs head) {
        Dataset data = TestTables.blobs(9, 3, CLASSES, 5);
        if (head != null) { // rows of the head's classes only, as a task has
            int[] labels = data.labels();
            data = data.subset(java.util.stream.IntStream.range(0, labels.length)
                    .filter(i -> head.isActive(labels[i])).toArray());
        }
        NetworkSpec spec = NetworkSpec.mlp(new int[] {3}, new int[] {5}, Activation.TANH, 0f, CLASSES);
        try (Network net = Network.create(spec, DropoutMode.STANDARD, 3)) {
            double[] fisher = DiagonalFisher.of(net, head, data, FisherSettings.DEFAULT.withType(type));
            double[] brute = new double[net.parameterCount()];
            for (int n = 0; n < data.rows(); n++) {
                double[][] j = BruteForceNetwork.parameterJacobian(net, data, n);
                double[] p = softmax(BruteForceNetwork.outputs(net, data, n), head);
                int y = data.labels()[n];
                for (int a = 0; a < CLASSES; a++) {
                    for (int b = 0; b < CLASSES; b++) {
                        double w = type == CurvatureType.GGN ? (a == b ? p[a] : 0) - p[a] * p[b]
                                : (p[a] - (a == y ? 1 : 0)) * (p[b] - (b == y ? 1 : 0));
                        for (int i = 0; i < brute.length; i++) {
                            brute[i] += j[a][i] * w * j[b][i];
                        }
                    }
                }
            }
            for (int i = 0; i < brute.length; i++) {
                assertThat(fisher[i]).as("F[%d]", i).isCloseTo(brute[i], within(1e-6 + 1e-4 * Math.abs(brute[i])));
            }
        }
    }

    private static double[] softmax(double[] f, ActiveOutputs head) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < f.length; c++) {
            if (head == null || head.isActive(c)) {
                max = Math.max(max, f[c]);
            }
        }
        double[] p = new double[f.length];
        double z = 0;
        for (int c = 0; c < f.length; c++) {
            p[c] = head == null || head.isActive(c) ? Math.exp(f[c] - max) : 0;
            z += p[c];
        }
        for (int c = 0; c < f.length; c++) {
            p[c] /= z;
        }
        return p;
    }
}
