package org.bdl4j.usermodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.bdl4j.Likelihood;
import org.bdl4j.Posterior;
import org.bdl4j.curvature.CurvatureType;
import org.bdl4j.curvature.ReferenceMlp;
import org.bdl4j.data.Dataset;
import org.bdl4j.math.Floats;
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
 * independent of the engine: {@link ReferenceMlp}, the double-precision MLP of the curvature tests, with
 * its central-difference Jacobian and brute-force GGN, at the weights the fixture script wrote.
 */
class UserModelDiagLaplaceTest {
    private static final Dataset TRAIN = UserModelFixtures.classification(40, 11);
    private static final Dataset TEST = UserModelFixtures.classification(60, 12);

    @Test
    void ggnAndEmpiricalFisherDiagonalsMatchFiniteDifferences() throws Exception {
        double[] t = Floats.toDoubles(UserModelFixtures.classifierTheta());
        double[][] xs = new double[TRAIN.rows()][];
        double[] ef = new double[t.length];
        for (int r = 0; r < TRAIN.rows(); r++) {
            xs[r] = Floats.toDoubles(TRAIN.row(r));
            double[][] jac = UserModelFixtures.CLASSIFIER.jacobian(t, xs[r]);
            double[] p = ReferenceMlp.softmax(UserModelFixtures.CLASSIFIER.forward(t, xs[r]));
            int y = TRAIN.labels()[r];
            for (int i = 0; i < t.length; i++) {
                double g = jac[y][i]; // ∂ log p_y / ∂θ_i = J_y − Σ_k p_k J_k
                for (int k = 0; k < 3; k++) {
                    g -= p[k] * jac[k][i];
                }
                ef[i] += g * g;
            }
        }
        double[] fullGgn = UserModelFixtures.CLASSIFIER.ggn(t, xs);
        double[] ggn = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            ggn[i] = fullGgn[i * t.length + i];
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
        int live = org.bdl4j.train.LeakProbe.liveArrays();
        OptionValues all = OptionValues.empty().with(LaplaceMethod.SUBSET, LaplaceSubset.ALL)
                .with(LaplaceMethod.SAMPLES, 50);
        FitRequest r = FitRequest.builder(TRAIN).options(all).seed(3).build();
        try (UserModel m = UserModel.load(UserModelFixtures.file("classifier.pt"), OutputSelection.firstTwo());
                Posterior laplace = UserModelFit.fit(m, Methods.get("laplace"), r)) {
            assertEquals("laplace", laplace.method());
            double lambda = ((UserModelDiagLaplace) laplace).priorPrecision();
            assertTrue(lambda > UserModelDiagLaplace.MIN_LAMBDA && lambda < UserModelDiagLaplace.MAX_LAMBDA,
                    "λ inside the search interval: " + lambda);
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
        assertEquals(live, org.bdl4j.train.LeakProbe.liveArrays(), "native arrays left behind by the weight draws");
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
}
