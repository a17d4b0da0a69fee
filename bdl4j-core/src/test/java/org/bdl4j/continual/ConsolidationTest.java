package org.bdl4j.continual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.bdl4j.Likelihood;
import org.bdl4j.TestTables;
import org.bdl4j.curvature.AffineLayer;
import org.bdl4j.curvature.CurvatureSweep;
import org.bdl4j.curvature.KronCurvature;
import org.bdl4j.nn.Activation;
import org.bdl4j.nn.DropoutMode;
import org.bdl4j.nn.FlatParameters;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.Network;
import org.bdl4j.nn.NetworkSpec;
import org.bdl4j.train.ParameterPenalty;
import org.junit.jupiter.api.Test;

/**
 * The penalties of the consolidation strategies against their definitions, computed independently:
 * EWC's kept quadratic against the sum of one quadratic per task (each task's Fisher from its own
 * sweep at its own weights), online EWC's decayed precision, and the Kronecker-factored penalty
 * against the explicit Kronecker products Σ_s G_s ⊗ A_s of independently swept factors, for the value
 * (up to EWC's constant) and the gradient.
 */
class ConsolidationTest {
    private static final double LAMBDA = 2.5;
    private static final NetworkSpec SPEC = NetworkSpec.mlp(new int[] {3}, new int[] {5}, Activation.TANH, 0f, 4);
    private static final ContinualTask FIRST = task(1);
    private static final ContinualTask SECOND = task(2);

    @Test
    void ewcKeepsTheSumOfOneQuadraticPerTask() {
        try (Network net = Network.create(SPEC, DropoutMode.STANDARD, 1);
                DiagonalConsolidation ewc = DiagonalConsolidation.ewc(LAMBDA, FisherSettings.DEFAULT)) {
            float[] theta1 = net.parameters();
            double[] f1 = DiagonalFisher.of(net, null, FIRST.train(), FisherSettings.DEFAULT);
            ewc.consolidate(net, FIRST);
            float[] theta2 = perturbed(theta1, 0.3, 2);
            net.setParameters(theta2);
            double[] f2 = DiagonalFisher.of(net, null, SECOND.train(), FisherSettings.DEFAULT);
            ewc.consolidate(net, SECOND);

            float[] a = perturbed(theta1, 0.5, 3);
            float[] b = perturbed(theta1, 0.5, 4);
            double[] expectedGradient = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                expectedGradient[i] = LAMBDA * (f1[i] * (a[i] - theta1[i]) + f2[i] * (a[i] - theta2[i]));
            }
            assertClose(gradient(ewc.penalty(), net, a), expectedGradient, 1e-4);
            // the kept quadratic differs from the sum by a constant: compare differences of values
            double expected = sumOfQuadratics(a, f1, theta1, f2, theta2) - sumOfQuadratics(b, f1, theta1, f2, theta2);
            double found = value(ewc.penalty(), net, a) - value(ewc.penalty(), net, b);
            assertThat(found).isCloseTo(expected, within(1e-4 * Math.abs(expected) + 1e-6));
        }
    }

    @Test
    void onlineEwcDecaysThePrecisionAndCentresOnTheLatestWeights() {
        double decay = 0.7;
        try (Network net = Network.create(SPEC, DropoutMode.STANDARD, 1);
                DiagonalConsolidation online = DiagonalConsolidation.online(LAMBDA, decay, FisherSettings.DEFAULT)) {
            assertThat(online.penalty()).isNull();
            double[] f1 = DiagonalFisher.of(net, null, FIRST.train(), FisherSettings.DEFAULT);
            online.consolidate(net, FIRST);
            float[] theta2 = perturbed(net.parameters(), 0.3, 2);
            net.setParameters(theta2);
            double[] f2 = DiagonalFisher.of(net, null, SECOND.train(), FisherSettings.DEFAULT);
            online.consolidate(net, SECOND);
            float[] a = perturbed(theta2, 0.5, 3);
            double[] expectedGradient = new double[a.length];
            double expectedValue = 0;
            for (int i = 0; i < a.length; i++) {
                double p = decay * f1[i] + f2[i];
                expectedGradient[i] = LAMBDA * p * (a[i] - theta2[i]);
                expectedValue += LAMBDA / 2 * p * (a[i] - theta2[i]) * (a[i] - theta2[i]);
            }
            assertClose(gradient(online.penalty(), net, a), expectedGradient, 1e-4);
            assertThat(value(online.penalty(), net, a)).isCloseTo(expectedValue, within(1e-4 * expectedValue));
        }
    }

    @Test
    void kroneckerPenaltyIsTheQuadraticFormOfTheSumOfKroneckerProducts() {
        try (Network net = Network.create(SPEC, DropoutMode.STANDARD, 1);
                KroneckerConsolidation kfac = new KroneckerConsolidation(LAMBDA, FisherSettings.DEFAULT)) {
            List<AffineLayer> layers = AffineLayer.of(net);
            KronCurvature k1 = sweep(net, layers, FIRST);
            kfac.consolidate(net, FIRST);
            float[] theta2 = perturbed(net.parameters(), 0.3, 2);
            net.setParameters(theta2);
            KronCurvature k2 = sweep(net, layers, SECOND);
            kfac.consolidate(net, SECOND);
            assertThat(kfac.tasks()).isEqualTo(2);

            float[] a = perturbed(theta2, 0.5, 3);
            double[] expectedGradient = new double[a.length];
            double expectedValue = 0;
            for (int l = 0; l < layers.size(); l++) {
                AffineLayer layer = layers.get(l);
                int width = layer.in() + 1;
                double[] delta = new double[layer.size()];
                for (int o = 0; o < layer.out(); o++) {
                    for (int i = 0; i < width; i++) {
                        int flat = layer.flatIndex(o, i);
                        delta[o * width + i] = a[flat] - theta2[flat];
                    }
                }
                for (int r = 0; r < delta.length; r++) {
                    double hDelta = 0; // row r of (G1 ⊗ A1 + G2 ⊗ A2), times vec(Δ)
                    for (int c = 0; c < delta.length; c++) {
                        hDelta += (kron(k1, l, r, c, width, layer.out()) + kron(k2, l, r, c, width, layer.out()))
                                * delta[c];
                    }
                    expectedGradient[layer.flatIndex(r / width, r % width)] = LAMBDA * hDelta;
                    expectedValue += LAMBDA / 2 * delta[r] * hDelta;
                }
            }
            assertClose(gradient(kfac.penalty(), net, a), expectedGradient, 1e-4);
            assertThat(value(kfac.penalty(), net, a)).isCloseTo(expectedValue, within(1e-4 * expectedValue));
        }
    }

    @Test
    void finetuningKeepsNothing() {
        try (Consolidation none = Consolidation.none(); Network net = Network.create(SPEC, DropoutMode.STANDARD, 1)) {
            none.consolidate(net, FIRST);
            assertThat(none.penalty()).isNull();
        }
    }

    /** (G_l ⊗ A_l)[r][c] with r = o·width + i and c = o'·width + i'. */
    private static double kron(KronCurvature k, int l, int r, int c, int width, int out) {
        double g = k.g(l)[(r / width) * out + c / width];
        double a = k.a(l)[(r % width) * width + c % width];
        return g * a;
    }

    private static KronCurvature sweep(Network net, List<AffineLayer> layers, ContinualTask task) {
        KronCurvature k = new KronCurvature(layers);
        CurvatureSweep.run(net, layers, task.train(), Likelihood.CATEGORICAL, 1.0,
                FisherSettings.DEFAULT.type(), FisherSettings.DEFAULT.batchSize(), k);
        return k;
    }

    private static double sumOfQuadratics(float[] t, double[] f1, float[] m1, double[] f2, float[] m2) {
        double s = 0;
        for (int i = 0; i < t.length; i++) {
            s += LAMBDA / 2 * (f1[i] * (t[i] - m1[i]) * (t[i] - m1[i]) + f2[i] * (t[i] - m2[i]) * (t[i] - m2[i]));
        }
        return s;
    }

    private static double value(ParameterPenalty penalty, Network net, float[] theta) {
        net.setParameters(theta);
        return Inputs.withoutGradients(() -> penalty.value(FlatParameters.arrays(net.block())));
    }

    private static double[] gradient(ParameterPenalty penalty, Network net, float[] theta) {
        net.setParameters(theta);
        List<NDArray> params = FlatParameters.arrays(net.block());
        double[] out = new double[theta.length];
        try (NDManager m = net.manager().newSubManager()) {
            NDArray[] g = Inputs.withoutGradients(() -> penalty.gradient(params, m));
            int off = 0;
            for (int i = 0; i < g.length; i++) {
                int n = Math.toIntExact(params.get(i).size());
                if (g[i] != null) {
                    assertThat(g[i].getShape()).isEqualTo(params.get(i).getShape());
                    float[] v = g[i].toFloatArray();
                    for (int j = 0; j < n; j++) {
                        out[off + j] = v[j];
                    }
                }
                off += n;
            }
        }
        return out;
    }

    private static void assertClose(double[] found, double[] expected, double relative) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertThat(scale).isGreaterThan(0);
        for (int i = 0; i < found.length; i++) {
            assertThat(found[i]).as("entry %d", i).isCloseTo(expected[i], within(relative * scale));
        }
    }

    private static float[] perturbed(float[] theta, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = theta.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (scale * r.nextGaussian());
        }
        return out;
    }

    private static ContinualTask task(long seed) {
        return new ContinualTask("t" + seed, TestTables.blobs(30, 3, 4, seed), TestTables.blobs(10, 3, 4, seed + 100),
                null);
    }
}
