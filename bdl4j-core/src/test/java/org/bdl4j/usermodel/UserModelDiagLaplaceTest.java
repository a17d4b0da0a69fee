package org.bdl4j.usermodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.data.Dataset;
import org.bdl4j.laplace.HessianStructure;
import org.bdl4j.laplace.LaplaceMethod;
import org.bdl4j.laplace.LaplaceSubset;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.Posteriors;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagonal Laplace over all weights of a TorchScript network. The curvature's reference is
 * independent of the engine: the Jacobian of the logits by central differences (step 1e-5) of the
 * forward pass computed in double from the weights the fixture script wrote.
 */
class UserModelDiagLaplaceTest {
    private static final Dataset TRAIN = UserModelFixtures.classification(40, 11);
    private static final Dataset TEST = UserModelFixtures.classification(60, 12);

    @Test
    void ggnAndEmpiricalFisherDiagonalsMatchFiniteDifferences() throws Exception {
        float[] t = UserModelFixtures.classifierTheta();
        double[] ggn = new double[t.length];
        double[] ef = new double[t.length];
        for (int r = 0; r < TRAIN.rows(); r++) {
            double[] x = toDouble(TRAIN.row(r));
            double[][] jac = new double[3][t.length];
            for (int i = 0; i < t.length; i++) {
                double[] up = logits(t, i, 1e-5, x);
                double[] down = logits(t, i, -1e-5, x);
                for (int k = 0; k < 3; k++) {
                    jac[k][i] = (up[k] - down[k]) / 2e-5;
                }
            }
            double[] p = softmax(logits(t, 0, 0, x));
            int y = TRAIN.labels()[r];
            for (int i = 0; i < t.length; i++) {
                double mean = 0;
                double second = 0;
                for (int k = 0; k < 3; k++) {
                    mean += p[k] * jac[k][i];
                    second += p[k] * jac[k][i] * jac[k][i];
                }
                ggn[i] += second - mean * mean;
                double g = jac[y][i] - mean; // ∂ log p_y / ∂θ_i
                ef[i] += g * g;
            }
        }
        int live = org.bdl4j.train.LeakProbe.liveArrays();
        try (UserModel m = UserModel.loadTrainable(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo())) {
            double[] hGgn = UserModelDiagLaplace.curvature(m, TRAIN, Likelihood.CATEGORICAL, Double.NaN,
                    CurvatureType.GGN, 1, 0);
            double[] hEf = UserModelDiagLaplace.curvature(m, TRAIN, Likelihood.CATEGORICAL, Double.NaN,
                    CurvatureType.EF, 1, 0);
            for (int i = 0; i < t.length; i++) {
                assertEquals(ggn[i], hGgn[i], 1e-3 * (1 + ggn[i]), "GGN weight " + i);
                assertEquals(ef[i], hEf[i], 1e-3 * (1 + ef[i]), "EF weight " + i);
            }
        }
        assertEquals(live, org.bdl4j.train.LeakProbe.liveArrays(), "native arrays left behind by the per-row passes");
    }

    /** λ is where the evidence's derivative in λ vanishes: −‖θ‖²/2 + P/(2λ) − ½ Σ 1/(h_i + λ) = 0. */
    @Test
    void theMarginalLikelihoodLambdaIsAStationaryPoint() {
        float[] theta = {0.5f, -1f, 2f, 0.1f};
        double[] h = {10, 0.5, 3, 100};
        double lambda = UserModelDiagLaplace.marginalLikelihoodLambda(theta, h);
        double norm = 0.25 + 1 + 4 + 0.01;
        double d = -norm / 2 + h.length / (2 * lambda);
        for (double v : h) {
            d -= 0.5 / (v + lambda);
        }
        assertEquals(0, d * lambda, 1e-4, "λ = " + lambda);
    }

    @Test
    void predictsAroundTheUsersWeightsRestoresThemAndSurvivesSaving(@TempDir Path dir) throws Exception {
        OptionValues all = OptionValues.empty().with(LaplaceMethod.SUBSET, LaplaceSubset.ALL)
                .with(LaplaceMethod.SAMPLES, 50);
        FitRequest r = FitRequest.builder(TRAIN).options(all).seed(3).build();
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo());
                Posterior laplace = UserModelFit.fit(m, Methods.get("laplace"), r)) {
            assertEquals("laplace", laplace.method());
            var p = laplace.predictClasses(TEST);
            assertTrue(java.util.Arrays.stream(p.mutualInformation()).max().orElseThrow() > 1e-4);
            double accuracy = 0;
            for (int i = 0; i < TEST.rows(); i++) {
                accuracy += p.predictions()[i] == TEST.labels()[i] ? 1.0 / TEST.rows() : 0;
            }
            assertTrue(accuracy > 0.85, "accuracy " + accuracy);
            // the sampled weights are restored: a second prediction draws the same samples around θ*
            assertEquals(p.probabilities()[5][0], laplace.predictClasses(TEST).probabilities()[5][0], 0.0);
            laplace.save(dir.resolve("l"));
            try (Posterior loaded = Posteriors.load(dir.resolve("l"))) {
                assertEquals(p.probabilities()[5][0], loaded.predictClasses(TEST).probabilities()[5][0], 0.0);
            }
        }
    }

    @Test
    void optionsOfOtherFormsAndOnnxAreRefused() {
        OptionValues kron = OptionValues.empty().with(LaplaceMethod.SUBSET, LaplaceSubset.ALL)
                .with(LaplaceMethod.HESSIAN, HessianStructure.KRON);
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo())) {
            InvalidOptionException e = assertThrows(InvalidOptionException.class, () -> UserModelFit.fit(m,
                    Methods.get("laplace"), FitRequest.builder(TRAIN).options(kron).build()));
            assertEquals("over all of a user network's weights only hessian diag is available, found kron",
                    e.getMessage());
        }
        OptionValues all = OptionValues.empty().with(LaplaceMethod.SUBSET, LaplaceSubset.ALL);
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.onnx"), OutputSelection.firstTwo())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserModelFit.fit(m,
                    Methods.get("laplace"), FitRequest.builder(TRAIN).options(all).build()));
            assertTrue(e.getMessage().endsWith(": the methods over all of a network's weights need its parameters,"
                    + " which only TorchScript exposes (an ONNX graph hides them)"), e.getMessage());
        }
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /** The logits at θ with θ_i moved by {@code step}, in double. */
    private static double[] logits(float[] theta, int i, double step, double[] x) {
        double[] t = new double[theta.length];
        for (int j = 0; j < t.length; j++) {
            t[j] = theta[j];
        }
        t[i] += step;
        return layer(t, 112, 3, 8, layer(t, 40, 8, 8, layer(t, 0, 8, 4, x, true), true), false);
    }

    private static double[] layer(double[] theta, int at, int out, int in, double[] x, boolean tanh) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double z = theta[at + out * in + o];
            for (int i = 0; i < in; i++) {
                z += theta[at + o * in + i] * x[i];
            }
            y[o] = tanh ? Math.tanh(z) : z;
        }
        return y;
    }

    private static double[] softmax(double[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double[] p = new double[3];
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < 3; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
